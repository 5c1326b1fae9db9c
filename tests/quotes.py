"""Does a source's quote state the day an event dates? The check a machine can make.

A quote states the day when it names the date (``2025-09-30``, ``30 September``, ``30/09``,
``Sept. 30``, ``9-11 June``, ``10 ago``, ``28 июня``, ``4월 24일``, ``9月30日``; in
English, German, French, Italian, Spanish, Russian, Filipino, Indonesian, Korean or Japanese, Japanese
era years included), or a day of the month (``the
30th``, ``30일``, ``30日``), a weekday, ``today``, ``yesterday`` or ``the previous
day`` that falls on that date counted from the page's own publication date (a
weekday or day of the month within the ten days around it).
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {  # English, French, German, Italian (with the agencies' abbreviations), Spanish, Russian, Filipino, Indonesian
    1: "january jan janvier januar gennaio gen enero januari января", 2: "february feb février februar febbraio febrero pebrero februari февраля",
    3: "march mar mars märz marzo marso maret марта", 4: "april apr avril aprile abril апреля",
    5: "may mai maggio mag mayo mei мая", 6: "june jun juin juni giugno giu junio hunyo juni июня",
    7: "july jul juillet juli luglio lug julio hulyo juli июля", 8: "august aug août agosto ago agustus августа",
    9: "september sept sep septembre settembre set septiembre setyembre сентября",
    10: "october oct octobre oktober ottobre ott octubre oktubre октября",
    11: "november nov novembre noviembre nobyembre ноября", 12: "december dec décembre dezember dicembre dic diciembre disyembre desember декабря",
}
MONTH = {name: number for number, names in _MONTHS.items() for name in names.split()}
_WEEKDAYS = ["monday montag lundi lunedì lunes", "tuesday dienstag mardi martedì martes",
             "wednesday mittwoch mercredi mercoledì miércoles", "thursday donnerstag jeudi giovedì jueves",
             "friday freitag vendredi venerdì viernes", "saturday samstag samedi sabato sábado",
             "sunday sonntag dimanche domenica domingo"]
_M = r"(" + "|".join(sorted(map(re.escape, MONTH), key=len, reverse=True)) + r")\.?"
_D = r"(\d{1,2})(?:st|nd|rd|th|er|\.)?"
_SPAN = _D + r"(?:\s*(?:[-–]|to|and|bis|au|al)\s*" + _D + r")?"
_TODAY = r"\b(today|tonight|this morning|this afternoon|this evening|heute|aujourd'hui|oggi|hoy)\b|오늘|今日|本日"
_YESTERDAY = r"\b(yesterday|last night|the previous day|the day before|gestern|hier|ieri|ayer)\b|어제|昨日"


_ERAS = {"昭和": 1925, "平成": 1988, "令和": 2018}  # Japanese era years: Heisei 20 is 2008


def days_named(text: str) -> set[tuple[int | None, int, int]]:
    """(year or None, month, day) of every date the text names."""
    t = re.sub(r"(昭和|平成|令和)\s*(\d{1,2}|元)\s*年",
               lambda m: f"{_ERAS[m.group(1)] + (1 if m.group(2) == '元' else int(m.group(2)))}年", text.lower())
    out = {(int(y), int(m), int(d)) for y, m, d in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)}
    for y, m, d in re.findall(r"(?:(\d{2,4})\s*[년年]\s*)?(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]", t):
        year = None if not y else int(y) + (1900 if len(y) == 2 and int(y) > 40 else 2000 if len(y) == 2 else 0)
        out.add((year, int(m), int(d)))
    for d, m, y in re.findall(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])", t):  # 22/02, 29/11/18
        if 1 <= int(m) <= 12:
            out.add((None if not y else int(y) + (0 if len(y) == 4 else 1900 if int(y) > 40 else 2000), int(m), int(d)))
    for month, d1, d2, year in re.findall(_M + r"\s+" + _SPAN + r",?(?:\s+(\d{4}))?", t):
        out |= {(int(year) if year else None, MONTH[month], int(d)) for d in (d1, d2) if d}
    for d1, d2, month, year in re.findall(r"\b" + _SPAN + r"\s+(?:of\s+|de\s+|di\s+)?" + _M + r",?(?:\s+(\d{4}))?", t):
        out |= {(int(year) if year else None, MONTH[month], int(d)) for d in (d1, d2) if d}
    return out


def states_day(quote: str, published: str | None, day: dt.date) -> bool:
    """Whether ``quote``, published on ``published`` (YYYY-MM-DD or empty), states ``day``."""
    if any(m == day.month and d == day.day and y in (None, day.year) for y, m, d in days_named(quote)):
        return True
    # A day of the month with its weekday, as Korean and Japanese reports write it: "21일(수)", "24日(日)".
    ko, ja = "월화수목금토일"[day.weekday()], "月火水木金土日"[day.weekday()]
    if re.search(rf"(?<!\d)0?{day.day}\s*[일日]\s*[(（][{ko}{ja}](요일|曜日?)?[)）]|{ko}요일인?\s*0?{day.day}일|{ja}曜日?の?\s*0?{day.day}日", quote):
        return True
    if not published:
        return False
    lag = (dt.date.fromisoformat(published) - day).days
    t = quote.lower()
    weekday = r"\b(" + "|".join(_WEEKDAYS[day.weekday()].split()) + r")\b|" + "월화수목금토일"[day.weekday()] + "요일|" + "月火水木金土日"[day.weekday()] + "曜日?"
    if re.search(weekday, t) and -7 <= lag <= 7:
        return True
    day_of_month = (r"\bthe\s+" + str(day.day) + r"(st|nd|rd|th)\b|\(" + str(day.day) + r"(st|nd|rd|th)\)"
                    r"|(?<![\d월月])0?" + str(day.day) + r"\s*[일日]")
    if re.search(day_of_month, t) and -10 <= lag <= 10:
        return True
    return (lag == 0 and bool(re.search(_TODAY, t))) or (lag in (0, 1) and bool(re.search(_YESTERDAY, t)))
