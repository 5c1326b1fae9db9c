"""The machine check of whether a quote states an event's day (tests/quotes.py)."""

import datetime as dt

import pytest

from quotes import states_day

D = dt.date


@pytest.mark.parametrize("quote, published, day", [
    ("Kishida arrived in Washington on January 12, 2023 (local time).", None, D(2023, 1, 12)),
    ("SEOUL, Feb. 22 (Yonhap) -- South Korea summoned a Japanese diplomat.", None, D(2017, 2, 22)),
    ("平成20年2月24日、福田総理は大韓民国へ向かいました。", None, D(2008, 2, 24)),
    ("이명박 대통령은 21일(수) 오후 뉴욕에서 노다 총리와 정상회담을 갖고", None, D(2011, 9, 21)),
    ("Lee Sang-deuk on Sunday summoned Hisashi Michigami.", "2014-02-24", D(2014, 2, 23)),
    ("The ministry yesterday summoned a senior Japanese diplomat.", "2014-02-23", D(2014, 2, 22)),
    ("박대통령은 16일 하오 8시50분 호놀룰루 국제공항에 도착했다.", "1968-04-17", D(1968, 4, 16)),
    ("Nagkita sina Pompeo at Kang sa Warsaw noong Pebrero 14, 2019.", None, D(2019, 2, 14)),
    ("Pemerintah Korea Selatan pada Rabu (22/02) memanggil Wakil Kepala Misi Kedutaan Jepang", None, D(2023, 2, 22)),
    ("일요일인 21일 상오 청와대에서 진행된 한일정상회담에서", None, D(1986, 9, 21)),
    ("노태우 대통령은 오늘 오후 2시 반부터 청와대에서 정상회담을 가졌습니다.", "1988-02-25", D(1988, 2, 25)),
])
def test_a_quote_that_states_the_day(quote, published, day):
    assert states_day(quote, published, day)


@pytest.mark.parametrize("quote, published, day", [
    ("平成20年2月24日、福田総理は大韓民国へ向かいました。", None, D(2020, 2, 24)),  # Heisei 20 is 2008
    ("이명박 대통령은 21일(목) 오후 뉴욕에서", None, D(2011, 9, 21)),  # 21 September 2011 was a Wednesday
    ("Lee Sang-deuk on Sunday summoned Hisashi Michigami.", None, D(2014, 2, 23)),  # no page date to count from
    ("The ministry yesterday summoned a senior Japanese diplomat.", "2014-02-26", D(2014, 2, 23)),
    ("He visited Washington in January 2023.", None, D(2023, 1, 12)),
    ("Menteri Luar Negeri Jepang mengatakan pada hari Kamis (29/11/18)", None, D(2019, 11, 29)),
])
def test_a_quote_that_does_not(quote, published, day):
    assert not states_day(quote, published, day)
