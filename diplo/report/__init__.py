"""Run the parameterized notebooks of ``reports.yml`` into reproducible reports.

``diplo report`` is a thin layer over papermill and nbconvert that adds what
they leave out, one module each:

- :mod:`~diplo.report.config`: **strict parameters**. Before any kernel
  starts, each report's parameters are checked against the notebook's
  ``parameters`` cell (unknown names are refused; text from the command
  line is converted to the annotated type or refused);
- :mod:`~diplo.report.inputs`: **an exact cache**. A report whose inputs
  (notebook, parameters, the data package's files, the files its ``Path``
  parameters match, diplo's own files, the kernel's package versions) are
  unchanged is not run again; deciding this imports neither papermill nor
  nbconvert;
- :mod:`~diplo.report.execute`: **safe runs**. One kernel per report on a
  thread pool, files written beside their target and renamed into place, a
  failing report keeps the last good one (and leaves its error in
  ``failed.ipynb``), a lock keeps two runs from writing at once;
- :mod:`~diplo.report.render`: **byte-reproducible output and provenance**.
  Timestamps, random ids, temporary paths and addresses are removed, and
  every report ends with its data package (version, ``as_of``, coverage,
  hash), diplo's source hash and the kernel's package versions;
- :mod:`~diplo.report.manifest`: ``manifest.json``, typed entries with no
  timings, so a run with nothing to do changes no byte;
- :mod:`~diplo.report.pin`: the facts nbval checks.
"""

from .config import Parameter, ParameterError, Report, check_parameters, notebook_parameters, read_config
from .execute import run_reports
from .manifest import ManifestEntry
from .pin import FACTS_FILE, PIN_MARK, pin_outputs, pinned_facts

__all__ = ["Report", "Parameter", "ParameterError", "ManifestEntry", "read_config", "notebook_parameters",
           "check_parameters", "run_reports", "pinned_facts", "pin_outputs", "PIN_MARK", "FACTS_FILE"]
