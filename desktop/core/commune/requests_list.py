"""The lists of requests for changes ("yêu cầu bổ sung"). The officer's: the requests sent to schools, for each
when it was made and sent, the report version it is about, and whether a later version answered it — by which
version — or it is still open (`socds requests` and the requests page show it). The school's: the requests it
imported and has not answered yet, and their comments on one code (the dashboard and the pages where the school
works show them). Making, rendering and importing a request file: requests.py."""

from __future__ import annotations

import json

from desktop.core.store import Store

DRAFT, OPEN, ANSWERED = "draft", "open", "answered"
STATE_LABELS = {DRAFT: "Chưa xuất tệp", OPEN: "Đã gửi, chưa trả lời", ANSWERED: "Đã trả lời"}
TARGETS = {"criterion": "Tiêu chí", "item": "Chỉ số", "task": "Nhiệm vụ", "general": "Chung"}  # what a comment is on


def request_list(store: Store, school_code: str | None = None, open_only: bool = False) -> list[dict]:
    """The sent requests, newest first, each with: state (draft / open / answered) and its words, the school's
    name from the roster, the answering inbox row and its version, and — for an open request — the newest version
    received since that does not say it answers it (the school may have answered without naming the request)."""
    sql = (
        "SELECT r.*, ro.name AS school_name, a.version AS answered_version FROM return_requests r "
        "LEFT JOIN roster ro ON ro.code = r.school_code LEFT JOIN inbox a ON a.id = r.answered_by "
        "WHERE r.direction = 'sent'"
    )
    args: list = []
    if school_code:
        sql, args = sql + " AND r.school_code = ?", [school_code]
    out = []
    for r in store.db.query(sql + " ORDER BY r.created_at DESC, r.rowid DESC", args):
        d = dict(r, comments=json.loads(r["comments"]))
        d["state"] = ANSWERED if d["answered_by"] else OPEN if d["sent_at"] else DRAFT
        d["state_label"] = STATE_LABELS[d["state"]]
        d["newer_version"] = None
        if d["state"] != ANSWERED:
            newer = store.db.execute(
                "SELECT MAX(version) FROM inbox WHERE school_code = ? AND kind = ? AND period = ? AND version > ? "
                "AND state != 'rejected'",
                [d["school_code"], d["kind"], d["period"], d["report_version"]],
            ).fetchone()[0]
            d["newer_version"] = newer
        if open_only and d["state"] == ANSWERED:
            continue
        out.append(d)
    return out


def describe(d: dict) -> str:
    """One request's state in words: "Đã trả lời bằng phiên bản v2 (mục số 7)", "Đã gửi, chưa trả lời"…"""
    if d["state"] == ANSWERED:
        version = f"v{d['answered_version']}" if d.get("answered_version") else "phiên bản mới"
        return f"Đã trả lời bằng phiên bản {version} (mục số {d['answered_by']})"
    text = d["state_label"]
    if d.get("newer_version"):
        text += f"; đã nhận v{d['newer_version']} nhưng phiên bản đó không ghi là trả lời yêu cầu này"
    return text


def schools_with_accepted_reports(store: Store) -> list[str]:
    """The codes of the schools whose report was accepted (what a new request can be about), sorted."""
    return [
        c
        for (c,) in store.db.execute(
            "SELECT DISTINCT school_code FROM inbox WHERE state = 'accepted' ORDER BY school_code"
        )
    ]


def open_requests(store: Store) -> list[dict]:
    """Imported requests the school has not answered yet, newest first."""
    return [
        dict(r, comments=json.loads(r["comments"]))
        for r in store.db.query(
            "SELECT * FROM return_requests WHERE direction = 'received' AND answered_at IS NULL ORDER BY imported_at DESC"
        )
    ]


def comments_for(store: Store, code: str) -> list[dict]:
    """Open comments on one criterion, item or task code (for showing in place)."""
    out = []
    for r in open_requests(store):
        out += [
            dict(c, authority=r["authority"], request_id=r["request_id"]) for c in r["comments"] if c["code"] == code
        ]
    return out
