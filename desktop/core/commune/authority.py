"""The managing body's own profile (authority mode): its name, the body above it, its code, document code, place,
signer and the recipients of what it writes, kept in the setting "authority_profile"; the letterhead it puts on
the documents it writes (the roll-up report, a request for changes) and the signature block it signs them with.

A commune (UBND xã/phường) signs on behalf of its committee (NĐ 30/2020/NĐ-CP, Phụ lục I): "TM. ỦY BAN NHÂN DÂN",
then "CHỦ TỊCH", or "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" when a vice-chair signs. A Sở is headed by its director:
"GIÁM ĐỐC", or "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from desktop.core.errors import UserError, nfc
from desktop.core.report.letterhead import Letterhead
from desktop.core.store import Store

SETTING = "authority_profile"
# level → (its name, the collective it signs for or "", the head's title, the usual code in its documents' numbers)
LEVELS = {
    "xa": ("UBND xã/phường", "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "UBND"),
    "so": ("Sở Giáo dục và Đào tạo", "", "Giám đốc", "SGDĐT"),
}
NOT_NAMED = (
    "Chưa khai báo tên cơ quan quản lý, nên chưa xuất được văn bản mang tên cơ quan. Khai báo ở Cài đặt › "
    'Cơ quan quản lý, hoặc bằng lệnh «socds authority set --name "UBND xã …"».'
)


def _clean(text: str) -> str:
    return nfc(" ".join((text or "").split()))


@dataclass(frozen=True)
class AuthorityInfo:
    """What the header and signature block of the body's documents need; kept in the setting "authority_profile"."""

    name: str = ""  # "UBND xã Tuệ Tĩnh"; empty: not declared (no document can be issued in its name)
    parent: str = ""  # the body above, printed over the name ("UBND thành phố Hải Phòng")
    level: str = "xa"  # key of LEVELS: a commune ("xa") or a Sở ("so")
    code: str = ""  # the body's code, as the level above lists it (a Sở's roster of communes)
    doc_code: str = ""  # the code in its documents' numbers ("Số: 45/BC-UBND"); empty: the level's usual one
    doc_number: str = ""
    doc_date: str | None = None  # ISO
    place_name: str = ""
    signer_name: str = ""
    signer_title: str = ""  # "Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc"…; empty: the head of the body signs
    recipients: tuple[str, ...] = field(default=("Lưu: VT",))

    @classmethod
    def load(cls, store: Store) -> "AuthorityInfo":
        d = dict(store.get_setting(SETTING) or {})
        if not d.get("signer_title") and d.get("signer_position"):  # saved before the title had its own field
            d["signer_title"] = d["signer_position"]
        if d.get("name", "").startswith("Cơ quan quản lý (chưa khai báo tên)"):
            d["name"] = ""
        d["recipients"] = tuple(d.get("recipients") or cls.recipients)
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def save(self, store: Store) -> None:
        problems = self.problems()
        if problems:
            raise UserError("Thông tin cơ quan quản lý chưa đúng: " + "; ".join(problems) + ".")
        store.set_setting(SETTING, {**self.__dict__, "recipients": list(self.recipients)})

    def problems(self) -> list[str]:
        out = []
        if self.level not in LEVELS:
            out.append(f"cấp «{self.level}» không có; dùng xa (UBND xã/phường) hoặc so (Sở GDĐT)")
        if self.code and not all(ch.isalnum() or ch in "._-" for ch in self.code):
            out.append(f"mã cơ quan «{self.code}» chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới")
        return out

    def updated(self, **changes) -> "AuthorityInfo":
        """A copy with `changes` (None values ignored), texts tidied (NFC, single spaces)."""
        values = {}
        for k, v in changes.items():
            if v is None:
                continue
            if k == "recipients":
                v = tuple(_clean(r).lstrip("-").strip().rstrip(";.") for r in v if _clean(r))
            elif isinstance(v, str):
                v = _clean(v)
            values[k] = v
        return replace(self, **values)

    @property
    def declared(self) -> bool:
        return bool(self.name.strip())

    def require_name(self) -> "AuthorityInfo":
        """self, or a UserError saying how to declare the body's name (a document is never issued without it)."""
        if not self.declared:
            raise UserError(NOT_NAMED)
        return self

    def signature_lines(self) -> list[str]:
        """The block over the signature, in capitals: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]."""
        _name, collective, head, _code = LEVELS.get(self.level, LEVELS["xa"])
        title = (_clean(self.signer_title) or head).upper()
        lines = [f"KT. {title[4:]}", title] if title.startswith("PHÓ ") else [title]
        return ([collective] if collective else []) + lines

    def letterhead(self, year: int, **changes) -> Letterhead:
        """The body's letterhead; `changes` replace fields of it (the issuer's name a request was made under, its
        date, its addressee)."""
        lines = self.signature_lines()
        values = dict(
            issuer=self.name,
            managing_body=self.parent,
            doc_code=self.doc_code or LEVELS.get(self.level, LEVELS["xa"])[3],
            doc_number=self.doc_number,
            doc_date=self.doc_date,
            year=year,
            place_name=self.place_name,  # no place declared: the date line goes without one (never invented)
            recipients=tuple(self.recipients),
            # the letterhead prints the authority line(s) over the position line; "\n" starts a new line
            signer_authority="\n".join(lines[:-1]) if len(lines) > 1 else lines[0],
            signer_position=lines[-1] if len(lines) > 1 else "",
            signer_name=self.signer_name,
        )
        return Letterhead(**{**values, **changes})
