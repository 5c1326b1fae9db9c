"""Line up curated events with machine-coded ones."""

from __future__ import annotations

from .._lazy import lazy

pd = lazy("pandas")  # loaded when a DataFrame is made, never by `diplo import`

__all__ = ["reconcile"]


def reconcile(curated: pd.DataFrame, machine: pd.DataFrame, *, days: int = 1):
    """Match curated events to machine-coded events, and say what each side saw of the other.

    A machine-coded event matches a curated one when its date falls within
    ``days`` of the curated event's days (start - days to end + days), its
    two parties are both among the curated event's participants, and its
    event family is the same. Machine-coded events are first grouped into
    clusters (same day, same pair of countries in either order, same
    family), because the machine data reports one real event many times.

    Parameters
    ----------
    curated : DataFrame
        Events, as from :func:`diplo.events`; the parts of other events
        (``part_of``) are left out, as in every count.
    machine : DataFrame
        Imported events, as from :func:`read_gdelt` or :func:`load_external`.
    days : int, default 1
        Tolerance in days (time zones and reporting lags).

    Returns
    -------
    dict of DataFrames
        ``matches``: one row per curated event and matching cluster;
        ``curated``: each curated event with the number of machine rows
        that match it, ``seen`` (True when at least one does) and
        ``in_scope`` (the other source records this family between some
        pair of the event's participants at all);
        ``clusters``: each machine-coded cluster with its rows, mentions and
        ``matched``; ``summary``: by family, the share of in-scope curated
        events the other source saw, and the share of its clusters that
        have a curated event.

    Examples
    --------
    >>> import diplo
    >>> from diplo.importers import read_historian, reconcile
    >>> machine = read_historian("tests/fixtures/us_historian/president-travels/biden-joseph-r.xml", actors=["KOR", "JPN"])
    >>> result = reconcile(diplo.events(actors=["KOR", "JPN"], types="leader_visit", start="2021-01-01",
    ...                                 end="2025-01-19"), machine)
    >>> bool(result["curated"].query("event_id == '20220520-biden-visits-seoul'")["seen"].item())
    True
    """
    from .. import _args
    from ..analysis import codebook

    if days < 0:
        raise ValueError(f"days must be 0 or more; got {days!r}.")
    curated = _args.wholes(curated)  # a visit and the summit held during it are one event here too
    families = codebook(curated, "family").astype("string")
    cur = pd.DataFrame({"event_id": curated["event_id"].astype("string"), "start": curated["start_date"],
                        "end": curated["end_date"], "family": families,
                        "members": curated["participants"].fillna("").str.split(";")})
    m = machine.dropna(subset=["initiator", "start_date"]).copy()
    m["a"] = m["initiator"].astype("string")
    m["b"] = m["target"].astype("string").fillna(m["a"])
    pair = m[["a", "b"]].apply(lambda r: ";".join(sorted({r["a"], r["b"]})), axis=1) if len(m) else pd.Series(
        dtype="string")
    m["pair"] = pair
    m["family"] = m["family"].astype("string")
    mentions = m["num_mentions"].fillna(1) if "num_mentions" in m else 1
    clusters = (m.assign(mentions=mentions).groupby(["start_date", "pair", "family"], dropna=False)
                .agg(rows=("event_id", "size"), mentions=("mentions", "sum"), example=("event_id", "first"))
                .reset_index())
    clusters["cluster"] = [f"c{i}" for i in range(len(clusters))]
    matches = []
    for event in cur.itertuples():
        lo, hi = event.start - pd.Timedelta(days=days), event.end + pd.Timedelta(days=days)
        near = clusters[(clusters["start_date"] >= lo) & (clusters["start_date"] <= hi)
                        & (clusters["family"] == event.family)]
        members = set(event.members)
        for c in near.itertuples():
            if set(c.pair.split(";")) <= members:
                matches.append({"event_id": event.event_id, "cluster": c.cluster, "date": c.start_date,
                                "pair": c.pair, "family": c.family, "rows": c.rows,
                                "lag_days": (c.start_date - event.start).days})
    matches = pd.DataFrame(matches, columns=["event_id", "cluster", "date", "pair", "family", "rows", "lag_days"])
    seen = matches.groupby("event_id")["rows"].sum()
    cur_out = curated[["event_id", "start_date", "event_type", "participants", "title"]].copy()
    cur_out["family"] = families.to_numpy()
    cur_out["machine_rows"] = cur_out["event_id"].astype("string").map(seen).fillna(0).astype("Int64")
    cur_out["seen"] = cur_out["machine_rows"] > 0
    # In scope: the other source records this family between some pair of the event's participants
    # at all (the Office of the Historian never records a Korea-Japan meeting without the US).
    covered = {(f, frozenset(p.split(";"))) for f, p in zip(clusters["family"], clusters["pair"])}
    cur_out["in_scope"] = [any(fam == f and pair <= set(members) for f, pair in covered)
                           for fam, members in zip(cur_out["family"], cur["members"])]
    clusters["matched"] = clusters["cluster"].isin(set(matches["cluster"]))
    by_family = []
    for family in sorted(set(cur_out["family"].dropna()) | set(clusters["family"].dropna())):
        c = cur_out[cur_out["family"] == family]
        scoped = c[c["in_scope"]]
        k = clusters[clusters["family"] == family]
        by_family.append({"family": family, "curated": len(c), "in_scope": len(scoped),
                          "seen_by_machine": int(c["seen"].sum()),
                          "share_seen": scoped["seen"].mean() if len(scoped) else float("nan"),
                          "machine_clusters": len(k), "clusters_curated": int(k["matched"].sum()),
                          "share_curated": k["matched"].mean() if len(k) else float("nan")})
    # Typed even when empty (a period with no event of either kind): counts are integers, shares numbers.
    summary = pd.DataFrame(by_family, columns=["family", "curated", "in_scope", "seen_by_machine", "share_seen",
                                               "machine_clusters", "clusters_curated", "share_curated"]).astype(
        {"family": "string", "curated": "int64", "in_scope": "int64", "seen_by_machine": "int64",
         "share_seen": "float64", "machine_clusters": "int64", "clusters_curated": "int64", "share_curated": "float64"})
    return {"matches": matches, "curated": cur_out.reset_index(drop=True), "clusters": clusters,
            "summary": summary}
