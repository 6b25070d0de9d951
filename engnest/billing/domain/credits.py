"""Meeting credits: what can be bought and what each ledger entry means (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from engnest.platform.domain.errors import ValidationFailed


@dataclass(frozen=True)
class Pack:
    key: str
    credits: int
    amount_cents: int

    @property
    def label(self) -> str:
        return f"{self.credits} credit" + ("" if self.credits == 1 else "s")


PACKS: dict[str, Pack] = {
    "one": Pack("one", 1, 300),
    "five": Pack("five", 5, 1200),
    "twelve": Pack("twelve", 12, 2400),
}

# kind -> (label, sign of the amount). The ledger is append-only: a balance is the sum of `delta`.
ENTRY_KINDS: dict[str, str] = {
    "purchase": "Bought",
    "grant": "Gift",
    "hold": "Reserved for an online request",
    "release": "Returned: the request was not accepted",
    "spend": "Spent: online meeting accepted",
    "refund": "Refunded: the other person cancelled",
}


def check_pack(key: object) -> Pack:
    pack = PACKS.get(str(key or ""))
    if pack is None:
        raise ValidationFailed(pack="Choose one of the credit packs.")
    return pack


def format_price(amount_cents: int, currency: str) -> str:
    symbols = {"usd": "$", "gbp": "£", "eur": "€", "aud": "A$", "jpy": "¥"}
    currency = currency.lower()
    if currency == "jpy":
        return f"¥{amount_cents:,}"
    symbol = symbols.get(currency)
    value = f"{amount_cents / 100:,.2f}"
    return f"{symbol}{value}" if symbol else f"{value} {currency.upper()}"
