"""parse_date / parse_clock / parse_moment / split_by_local_day and friends."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.dates import (
    WEEKDAYS,
    iso_utc,
    local_day,
    local_zone,
    parse_clock,
    parse_date,
    parse_iso_utc,
    parse_moment,
    split_by_local_day,
    to_utc,
    week_start,
)
from psa_cli.domain.errors import InvalidInput

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 26)  # a Thursday
assert TODAY.weekday() == 3

days = st.dates(min_value=date(1900, 1, 8), max_value=date(2200, 12, 31))
weekday_words = st.sampled_from(WEEKDAYS).flatmap(
    lambda name: st.sampled_from([name, name[:3], name.upper(), name.capitalize(), name[:4]])
)


def _index(word: str) -> int:
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word.lower()))


# --- parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("2024-02-29", date(2024, 2, 29)),
        (" 2026-01-01 ", date(2026, 1, 1)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 27)),
        ("thursday", TODAY),  # today counts as the most recent Thursday
        ("thu", TODAY),
        ("wednesday", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("monday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("friday", date(2026, 11, 20)),
        ("fri", date(2026, 11, 20)),
        ("sunday", date(2026, 11, 22)),
        ("sat", date(2026, 11, 21)),
        ("tues", date(2026, 11, 24)),
        ("last friday", date(2026, 11, 20)),
        ("last  Friday", date(2026, 11, 20)),
        ("previous fri", date(2026, 11, 20)),
        ("last monday", date(2026, 11, 16)),
        ("last sunday", date(2026, 11, 22)),
        ("last thursday", date(2026, 11, 19)),
        ("this friday", date(2026, 11, 27)),  # later this week
        ("this monday", date(2026, 11, 23)),
        ("this sunday", date(2026, 11, 29)),
        ("-3", date(2026, 11, 23)),
        ("-0", TODAY),
        ("3d ago", date(2026, 11, 23)),
        ("3 days ago", date(2026, 11, 23)),
        ("1 day ago", date(2026, 11, 25)),
        ("400d ago", TODAY - timedelta(days=400)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "2025-02-29", "2026-00-10", "2026-04-31"]
)
def test_impossible_calendar_day(text: str) -> None:
    with pytest.raises(InvalidInput, match="no such day") as info:
        parse_date(text, TODAY)
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "mo",
        "tu",
        "s",
        "friyay",
        "next friday",
        "last",
        "this",
        "last week",
        "2026-2-3",
        "26-11-2026",
        "2026/11/26",
        "3",
        "+3",
        "-12345",
        "3 weeks ago",
        "last friday please",
        "x" * 41,
    ],
)
def test_parse_date_refusals(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid date") as info:
        parse_date(text, TODAY)
    assert info.value.exit_code == 2


@given(days, weekday_words)
def test_weekday_is_most_recent_such_day(today: date, word: str) -> None:
    result = parse_date(word, today)
    assert result <= today
    assert (today - result).days <= 6
    assert result.weekday() == _index(word)


@given(days, weekday_words)
def test_last_weekday_is_in_previous_week(today: date, word: str) -> None:
    result = parse_date(f"last {word}", today)
    this_monday = today - timedelta(days=today.weekday())
    assert this_monday - timedelta(days=7) <= result < this_monday
    assert result.weekday() == _index(word)
    assert week_start(result) == week_start(today) - timedelta(days=7)


@given(days, weekday_words)
def test_this_weekday_is_in_current_week(today: date, word: str) -> None:
    result = parse_date(f"this {word}", today)
    assert week_start(result) == week_start(today)
    assert result.weekday() == _index(word)


@given(days, st.integers(min_value=0, max_value=9999))
def test_days_ago_forms_agree(today: date, n: int) -> None:
    expected = today - timedelta(days=n)
    assert parse_date(f"-{n}", today) == expected
    assert parse_date(f"{n}d ago", today) == expected
    assert parse_date(f"{n} days ago", today) == expected


@given(days, days)
def test_iso_date_ignores_today(day: date, today: date) -> None:
    assert parse_date(day.isoformat(), today) == day


@settings(max_examples=200)
@given(st.text(max_size=45), days)
def test_parse_date_only_raises_invalid_input(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except InvalidInput:
        return
    assert isinstance(result, date)


# --- parse_clock --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:15", time(9, 15)),
        ("9:15", time(9, 15)),
        ("0915", time(9, 15)),
        ("915", time(9, 15)),
        ("1730", time(17, 30)),
        ("17:30:05", time(17, 30, 5)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9", time(9, 0)),
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("5:30pm", time(17, 30)),
        ("5:30 PM", time(17, 30)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:45pm", time(12, 45)),
        ("1pm", time(13, 0)),
        ("11pm", time(23, 0)),
    ],
)
def test_parse_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "24:00",
        "13pm",
        "0am",
        "0pm",
        "9:60",
        "25",
        "9:5",
        "12:00:60",
        "noon",
        "",
        "9:15xm",
        "-1:00",
        "9h15",
    ],
)
def test_parse_clock_refusals(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid time") as info:
        parse_clock(text)
    assert info.value.exit_code == 2


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_parse_clock_24h_forms(h: int, m: int, s: int) -> None:
    assert parse_clock(f"{h:02d}:{m:02d}") == time(h, m)
    assert parse_clock(f"{h}:{m:02d}") == time(h, m)
    assert parse_clock(f"{h:02d}{m:02d}") == time(h, m)
    assert parse_clock(f"{h}:{m:02d}:{s:02d}") == time(h, m, s)


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]))
def test_parse_clock_12h_forms(h12: int, m: int, half: str) -> None:
    hour24 = (h12 % 12) + (12 if half == "pm" else 0)
    assert parse_clock(f"{h12}:{m:02d}{half}") == time(hour24, m)
    assert parse_clock(f"{h12}:{m:02d} {half.upper()}") == time(hour24, m)


@settings(max_examples=200)
@given(st.text(max_size=20))
def test_parse_clock_only_raises_invalid_input(text: str) -> None:
    try:
        parse_clock(text)
    except InvalidInput:
        pass


# --- parse_moment / UTC helpers -----------------------------------------------------------

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # 13:00 in Paris (CET, UTC+1)
ZONES_FOR_MOMENTS = [PARIS, ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati"), UTC]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:15", datetime(2026, 11, 26, 8, 15, tzinfo=UTC)),
        ("9am", datetime(2026, 11, 26, 8, 0, tzinfo=UTC)),
        ("yesterday 17:00", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
        ("2026-11-25 17:00", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
        ("2026-11-25T17:00", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
        ("2026-07-01 09:00", datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),  # summer time, UTC+2
        ("last friday 5:30pm", datetime(2026, 11, 20, 16, 30, tzinfo=UTC)),
        ("mon 08:00:30", datetime(2026, 11, 23, 7, 0, 30, tzinfo=UTC)),
        # capitalised words containing a 'T' must survive the ISO 'T' separator handling
        ("Today 09:15", datetime(2026, 11, 26, 8, 15, tzinfo=UTC)),
        ("Tuesday 9:00", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
        ("THIS thursday 10:00", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
        ("2026-11-25t17:00", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
        # parse_clock allows a space before am/pm, so the moment form must too
        ("9 am", datetime(2026, 11, 26, 8, 0, tzinfo=UTC)),
        ("yesterday 5:30 pm", datetime(2026, 11, 25, 16, 30, tzinfo=UTC)),
    ],
)
def test_parse_moment(text: str, expected: datetime) -> None:
    result = parse_moment(text, NOW, PARIS)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


def test_parse_moment_uses_local_date_not_utc_date() -> None:
    # 23:30 UTC on the 26th is already the 27th in Paris
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert parse_moment("08:00", late, PARIS) == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert parse_moment("yesterday 08:00", late, PARIS) == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_parse_moment_across_dst_changes() -> None:
    # 2026-03-29: 02:00 -> 03:00 in Paris; the 02:30 that never happens reads as UTC+1
    assert parse_moment("2026-03-29 01:30", NOW, PARIS) == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert parse_moment("2026-03-29 03:30", NOW, PARIS) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert parse_moment("2026-03-29 02:30", NOW, PARIS) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # 2026-10-25: 03:00 -> 02:00; an ambiguous 02:30 takes the first (summer) occurrence
    assert parse_moment("2026-10-25 02:30", NOW, PARIS) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert parse_moment("2026-10-25 03:30", NOW, PARIS) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "25:00", "someday 09:00", "2026-02-30 09:00", "09:00 x"])
def test_parse_moment_refusals(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_moment(text, NOW, PARIS)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("0001-01-01 00:00", "Europe/Paris"), ("9999-12-31 23:59", "America/New_York")],
)
def test_parse_moment_out_of_range_is_invalid_input(text: str, zone: str) -> None:
    with pytest.raises(InvalidInput, match="out of range") as info:
        parse_moment(text, NOW, ZoneInfo(zone))
    assert info.value.exit_code == 2


@settings(max_examples=200)
@given(st.text(max_size=30), st.sampled_from(ZONES_FOR_MOMENTS))
def test_parse_moment_only_raises_invalid_input(text: str, tz) -> None:  # type: ignore[no-untyped-def]
    try:
        result = parse_moment(text, NOW, tz)
    except InvalidInput:
        return
    assert result.tzinfo is UTC


@settings(max_examples=200)
@given(
    st.dates(),
    st.times(),
    st.sampled_from(ZONES_FOR_MOMENTS),
)
def test_parse_moment_any_iso_day_is_a_moment_or_invalid_input(day: date, clock: time, tz) -> None:  # type: ignore[no-untyped-def]
    try:
        result = parse_moment(f"{day.isoformat()} {clock:%H:%M:%S}", NOW, tz)
    except InvalidInput:
        return
    assert result.tzinfo is UTC


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
)
def test_parse_moment_matches_zoneinfo(day: date, h: int, m: int) -> None:
    result = parse_moment(f"{day.isoformat()} {h:02d}:{m:02d}", NOW, PARIS)
    expected = datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS).astimezone(UTC)
    assert result == expected
    assert result.tzinfo is UTC


def test_iso_utc_round_trip() -> None:
    moment = datetime(2026, 11, 26, 9, 15, 30, 999_999, tzinfo=PARIS)
    assert iso_utc(moment) == "2026-11-26T08:15:30Z"
    assert parse_iso_utc("2026-11-26T08:15:30Z") == datetime(2026, 11, 26, 8, 15, 30, tzinfo=UTC)


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    )
)
def test_iso_utc_parse_round_trip(moment: datetime) -> None:
    assert parse_iso_utc(iso_utc(moment)) == moment.replace(microsecond=0)


def test_to_utc_and_local_day() -> None:
    assert to_utc(datetime(2026, 7, 1, 0, 30), PARIS) == datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    assert local_day(datetime(2026, 6, 30, 22, 30, tzinfo=UTC), PARIS) == date(2026, 7, 1)
    assert local_day(datetime(2026, 6, 30, 22, 30, tzinfo=UTC), UTC) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("first", "expected"),
    [(0, date(2026, 11, 23)), (6, date(2026, 11, 22)), (3, TODAY), (4, date(2026, 11, 20))],
)
def test_week_start(first: int, expected: date) -> None:
    assert week_start(TODAY, first) == expected


@given(days, st.integers(0, 6))
def test_week_start_property(day: date, first: int) -> None:
    start = week_start(day, first)
    assert start.weekday() == first
    assert 0 <= (day - start).days <= 6


def test_local_zone() -> None:
    assert local_zone("Europe/Paris") == PARIS
    assert local_zone(None).utcoffset(datetime.now()) is not None
    for bad in ["Mars/Olympus", "../etc/passwd", "/etc/localtime"]:
        with pytest.raises(InvalidInput, match="unknown time zone"):
            local_zone(bad)


# --- split_by_local_day -------------------------------------------------------------------

ZONES = [
    PARIS,
    ZoneInfo("America/Santiago"),
    ZoneInfo("Australia/Lord_Howe"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Pacific/Apia"),
    UTC,
    timezone(timedelta(hours=-5)),
]
moments = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
spans = st.integers(min_value=0, max_value=10 * 86400 + 7)


def _check_pieces(start: datetime, end: datetime, tz) -> list:  # type: ignore[no-untyped-def]
    pieces = list(split_by_local_day(start, end, tz))
    if start >= end:
        assert pieces == []
        return pieces
    assert pieces[0][1] == start
    assert pieces[-1][2] == end
    for (_, _, prev_end), (_, next_start, _) in zip(pieces, pieces[1:], strict=False):
        assert prev_end == next_start  # contiguous, no gap and no overlap
    for day, a, b in pieces:
        assert a < b
        assert a.astimezone(tz).date() == day
        # the last instant of the piece is still on the same local day
        assert (b - timedelta(microseconds=1)).astimezone(tz).date() == day
    piece_days = [d for d, _, _ in pieces]
    assert piece_days == sorted(set(piece_days))  # one piece per day, in order
    assert sum(((b - a) for _, a, b in pieces), timedelta()) == end - start
    return pieces


@settings(max_examples=200)
@given(moments, spans, st.sampled_from(ZONES))
def test_split_by_local_day_covers_span_exactly(start: datetime, span: int, tz) -> None:  # type: ignore[no-untyped-def]
    _check_pieces(start, start + timedelta(seconds=span), tz)


@settings(max_examples=200)
@given(
    st.sampled_from([date(2026, 3, 29), date(2026, 10, 25), date(2025, 3, 30), date(2025, 10, 26)]),
    st.integers(min_value=-36 * 3600, max_value=36 * 3600),
    st.integers(min_value=1, max_value=72 * 3600),
)
def test_split_by_local_day_over_paris_dst(day: date, offset: int, span: int) -> None:
    start = to_utc(datetime.combine(day, time()), PARIS) + timedelta(seconds=offset)
    _check_pieces(start, start + timedelta(seconds=span), PARIS)


def test_split_spring_forward_day_is_23_hours() -> None:
    start = to_utc(datetime(2026, 3, 28, 22, 0), PARIS)
    end = to_utc(datetime(2026, 3, 30, 2, 0), PARIS)
    pieces = _check_pieces(start, end, PARIS)
    assert [(d, b - a) for d, a, b in pieces] == [
        (date(2026, 3, 28), timedelta(hours=2)),
        (date(2026, 3, 29), timedelta(hours=23)),
        (date(2026, 3, 30), timedelta(hours=2)),
    ]


def test_split_fall_back_day_is_25_hours() -> None:
    start = to_utc(datetime(2026, 10, 24, 23, 0), PARIS)
    end = to_utc(datetime(2026, 10, 26, 1, 0), PARIS)
    pieces = _check_pieces(start, end, PARIS)
    assert [(d, b - a) for d, a, b in pieces] == [
        (date(2026, 10, 24), timedelta(hours=1)),
        (date(2026, 10, 25), timedelta(hours=25)),
        (date(2026, 10, 26), timedelta(hours=1)),
    ]


def test_split_within_one_day_and_empty() -> None:
    start = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    end = start + timedelta(hours=3)
    assert list(split_by_local_day(start, end, PARIS)) == [(date(2026, 11, 26), start, end)]
    assert list(split_by_local_day(start, start, PARIS)) == []
    assert list(split_by_local_day(end, start, PARIS)) == []


def test_split_at_exact_midnight_has_no_empty_piece() -> None:
    midnight = to_utc(datetime(2026, 11, 27, 0, 0), PARIS)
    start = midnight - timedelta(hours=1)
    pieces = list(split_by_local_day(start, midnight, PARIS))
    assert pieces == [(date(2026, 11, 26), start, midnight)]
    pieces = list(split_by_local_day(midnight, midnight + timedelta(hours=1), PARIS))
    assert pieces == [(date(2026, 11, 27), midnight, midnight + timedelta(hours=1))]
