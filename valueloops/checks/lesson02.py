"""Checks for lesson 02 (the marketplace): data, a Rochet-Tirole fee, Armstrong's prices, a concept."""

from ..data import load
from ..platform import duopoly_platform, monopoly_platform, transaction_fees
from .core import Choice, Function, Hint, Number


def _first_year_above_half() -> int:
    share = load("third_party_share")
    gmv = share[(share["metric"] == "gmv_share") & (share["share"] > 0.5)]
    return int(gmv["year"].min())


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


_MONO = monopoly_platform(a1=1, a2=1, alpha1=0.3, alpha2=1.2, f1=0.2, f2=0.2)
_DUO = duopoly_platform(t1=0.8, t2=0.5, alpha1=0.2, alpha2=0.6)

CHECKS = {
    "02.1": Number(
        expected=_first_year_above_half(),
        unit="calendar year",
        what="the first year",
        abs_tol=0.5,
        hints=(
            Hint(2014, "in 2014 the share was 49%, just under half; the question asks for more "
                       "than half."),
            Hint(2018, "2018 is the last year of the GMV series; you want the first year above "
                       "one half (min, not max)."),
            Hint(1999, "1999 is the first year of the table; keep only the rows with share > 0.5 "
                       "before taking the earliest year."),
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
    ),
    "02.3": Number(
        expected=_MONO.p1,
        unit="money per buyer (negative = buyers are paid)",
        what="the buyers' price",
        abs_tol=0.005,
        hints=(
            Hint(_MONO.p2, "that is the sellers' price; the buyers' price subtracts alpha2·n2, "
                           "what sellers gain from a buyer."),
            Hint((1 + 0.2) / 2, "that is an ordinary one-sided monopoly price, (a1 + f1)/2; it "
                                "ignores what buyers bring to sellers."),
            Hint(_MONO.n1, "that is participation n1, the number of buyers; the price is "
                           "p1 = f1 + n1 − alpha2·n2."),
            Hint(_MONO.p1 - 0.2, "you left out the cost f1 = 0.2 per buyer."),
        ),
    ),
    "02.4": Number(
        expected=_DUO.profit,
        unit="money (profit of one platform)",
        what="each platform's profit",
        rel_tol=0.001,
        hints=(
            Hint(2 * _DUO.profit, "that is both platforms together; give one platform's profit."),
            Hint((0.8 + 0.5) / 2, "that ignores the cross-side values: competition for each side "
                                  "is fiercer by what it brings the other, (t1 + t2 − α1 − α2)/2."),
        ),
    ),
    "02.5": Choice(
        correct="b",
        options={
            "a": "Buyers should pay more, because they enjoy the huge selection.",
            "b": "Buyers should pay little, even below cost, and sellers should pay.",
            "c": "Both sides should pay the same, because serving them costs the same.",
            "d": "Sellers should pay less, because they are businesses with thin margins.",
        },
        hints={
            "a": "prices follow the value a side brings to the other side, not what it enjoys: "
                 "p1 = f1 + n1 − alpha2·n2 falls as alpha2 (sellers' gain per buyer) rises.",
            "c": "equal costs do not give equal prices: each price is cost minus the value that "
                 "side brings to the other side.",
            "d": "sellers' margins are not in the model; what matters is that they gain a lot from "
                 "each buyer (alpha2 large), so the platform can charge them.",
        },
    ),
}
