"""The managing body's own profile (commune mode): its name, the body above it, its document code, place and
signer, kept in the setting "authority_profile"; and the letterhead it puts on the documents it writes (the
roll-up report, a request for changes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.report.letterhead import Letterhead
from desktop.core.store import Store

SETTING = "authority_profile"


@dataclass(frozen=True)
class AuthorityInfo:
    """What the header and signature block of the roll-up need; kept in the setting "authority_profile"."""

    name: str  # "UBND xã Tuệ Tĩnh"
    parent: str = ""  # the body above, printed over the name ("UBND thành phố Hải Phòng")
    doc_code: str = "UBND"
    doc_number: str = ""
    doc_date: str | None = None  # ISO
    place_name: str = ""
    signer_name: str = ""
    signer_authority: str = "CHỦ TỊCH"
    signer_position: str = ""
    recipients: tuple[str, ...] = field(default=("Phòng Văn hóa - Xã hội", "Lưu: VT"))

    @classmethod
    def load(cls, store: Store) -> "AuthorityInfo":
        d = store.get_setting(SETTING) or {}
        d["recipients"] = tuple(d.get("recipients") or cls.recipients)
        return (
            cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})
            if d.get("name")
            else cls(name="Cơ quan quản lý (chưa khai báo tên)")
        )

    def save(self, store: Store) -> None:
        store.set_setting(SETTING, {**self.__dict__, "recipients": list(self.recipients)})

    def letterhead(self, year: int, **changes) -> Letterhead:
        """The body's letterhead; `changes` replace fields of it (the issuer's name a request was made under, its
        date, its addressee)."""
        values = dict(
            issuer=self.name,
            managing_body=self.parent,
            doc_code=self.doc_code,
            doc_number=self.doc_number,
            doc_date=self.doc_date,
            year=year,
            place_name=self.place_name or self.name,
            recipients=tuple(self.recipients),
            signer_authority=self.signer_authority,
            signer_position=self.signer_position,
            signer_name=self.signer_name,
        )
        return Letterhead(**{**values, **changes})
