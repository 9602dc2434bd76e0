"""Checks for lesson 02 (the marketplace): the third-party share's pace, a Rochet-Tirole fee, the
seller value at which buyers ride free, a duopoly's profit, the two conditions, who pays."""

from ..data import value
from ..platform import duopoly_platform, monopoly_platform, transaction_fees
from .core import Choice, Function, Hint, Number


def _gmv(year: int) -> float:
    return value("third_party_share", "share", metric="gmv_share", year=year)


_PACE = 100 * (_gmv(2018) - _gmv(2008)) / 10
_UNITS_2018 = value("third_party_share", "share", metric="paid_unit_share", year=2018)


def _buyer_fee(a_buyer: float, a_seller: float, cost: float) -> float:
    return transaction_fees(a_buyer=a_buyer, a_seller=a_seller, cost=cost).p_buyer


def _halved(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller - cost) / 2


def _no_cost(a_buyer, a_seller, cost):
    return a_buyer - (a_buyer + a_seller) / 3


def _margin(a_buyer, a_seller, cost):
    return (a_buyer + a_seller - cost) / 3


def _seller_fee(a_buyer, a_seller, cost):
    return a_seller - (a_buyer + a_seller - cost) / 3


def _free_ride_alpha2(alpha1: float = 0.3, cost: float = 0.2) -> float:
    """The sellers' gain per buyer alpha2 at which the buyers' price p1 reaches 0 (bisection)."""
    def price(alpha2: float) -> float:
        return monopoly_platform(a1=1, a2=1, alpha1=alpha1, alpha2=alpha2, f1=cost, f2=cost).p1

    low, high = alpha1, 1.999 - alpha1
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if price(mid) > 0 else (low, mid)
    return (low + high) / 2


_DUO = duopoly_platform(t1=0.8, t2=0.5, alpha1=0.2, alpha2=0.6)

CHECKS = {
    "02.1": Number(
        expected=_PACE,
        unit="percentage points a year",
        what="the average rise of the GMV share",
        percent=True,
        decimals=1,
        kind="data",
        hints=(
            Hint(100 * (_gmv(2018) - _gmv(2008)) / 11, "2008 to 2018 is 10 years of change between 11 "
                                                      "values: divide by 10 (n − 1, not n)."),
            Hint(100 * (_UNITS_2018 - _gmv(2008)) / 10, "for 2018 you took the paid-unit row (0.50); "
                                                        "keep only the gmv_share rows."),
            Hint(100 * (_gmv(2018) - _gmv(1999)) / 19, "that is the pace since 1999; the question asks "
                                                       "from 2008 to 2018."),
        ),
    ),
    "02.2": Function(
        reference=_buyer_fee,
        cases=(dict(a_buyer=2.0, a_seller=5.0, cost=1.0),
               dict(a_buyer=1.0, a_seller=5.0, cost=0.0),
               dict(a_buyer=3.0, a_seller=4.5, cost=1.2)),
        unit="money per transaction",
        what="buyer_fee",
        mistakes=(
            (_halved, "you divided by 2; the margin is (a_B + a_S − c)/3."),
            (_no_cost, "the cost per transaction is missing: m = (a_B + a_S − c)/3."),
            (_margin, "that is the margin m; the buyer's fee is a_B − m."),
            (_seller_fee, "that is the seller's fee (a_S − m); the buyer's fee is a_B − m."),
        ),
        model=_buyer_fee,
    ),
    "02.3": Number(
        expected=_free_ride_alpha2(),
        unit="alpha2, sellers' gain per buyer",
        what="the alpha2 at which buyers join free",
        decimals=2,
        kind="explore",
        hints=(
            Hint(_free_ride_alpha2(cost=0.0), "that is where the price falls to the cost f1 = 0.2 "
                                              "(or where it reaches 0 without costs); with costs of 0.2 "
                                              "the price itself reaches 0 later."),
            Hint(2 - 0.3, "at alpha1 + alpha2 = 2 the model has no answer at all; the buyers' price "
                          "reaches 0 well before that."),
        ),
    ),
    "02.4": Number(
        expected=_DUO.profit,
        unit="money (profit of one platform)",
        what="each platform's profit",
        decimals=2,
        hints=(
            Hint(2 * _DUO.profit, "that is both platforms together; give one platform's profit."),
            Hint((0.8 + 0.5) / 2, "that ignores the cross-side values: competition for each side "
                                  "is fiercer by what it brings the other, (t1 + t2 − α1 − α2)/2."),
        ),
    ),
    "02.5": Choice(
        correct="c",
        options={
            "a": "Participation runs away at any prices: each member attracts, through the other "
                 "side, more than one extra member of its own side, so the market tips.",
            "b": "Nothing special happens: both conditions of the lesson hold.",
            "c": "The monopolist's profit has no maximum (α1 + α2 ≥ 2), yet at fixed prices "
                 "participation settles (α1·α2 < 1).",
            "d": "Buyers must be paid to join, because they gain more per seller (α1) than sellers "
                 "gain per buyer (α2).",
        },
        hints={
            "a": "that needs α1·α2 > 1; here 1.5 × 0.55 = 0.825 < 1, so at fixed prices each round of "
                 "joining adds less than the last and participation settles (try participation_path).",
            "b": "α1 + α2 = 2.05 ≥ 2: the platform's profit has no interior maximum, so "
                 "monopoly_platform gives no prices.",
            "d": "a side's price falls with the value it brings the other side (α2 for buyers), and "
                 "here the model has no profit-maximising prices at all.",
        },
    ),
    "02.6": Choice(
        correct="a",
        options={
            "a": "Buyers should pay little, even below cost, and sellers should pay.",
            "b": "Buyers should pay more, because they enjoy the huge selection.",
            "c": "Both sides should pay the same, because serving them costs the same.",
            "d": "Sellers should pay less, because they are businesses with thin margins.",
        },
        hints={
            "b": "prices follow the value a side brings to the other side, not what it enjoys: "
                 "p1 = f1 + n1 − alpha2·n2 falls as alpha2 (sellers' gain per buyer) rises.",
            "c": "equal costs do not give equal prices: each price is cost minus the value that "
                 "side brings to the other side.",
            "d": "sellers' margins are not in the model; what matters is that they gain a lot from "
                 "each buyer (alpha2 large), so the platform can charge them.",
        },
    ),
}
