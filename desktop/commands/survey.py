"""`socds survey make|collect|status|enter`: teachers' forms out, answers back into the staff list (issue 23).

Exit codes: 0 every file taken (or already taken); 3 when any returned file was refused (each said on its line).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.store import Store

EXIT_REFUSED = 3


def register(sub, common) -> None:
    p = sub.add_parser("survey", parents=[common], help="phiếu khảo sát giáo viên: phát phiếu, nhận lại, xem đợt")
    ssub = p.add_subparsers(dest="survey_command", metavar="VIỆC", required=True)
    m = ssub.add_parser("make", parents=[common], help="tạo phiếu (PDF điền được và Excel) cho từng giáo viên")
    m.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi phiếu")
    m.add_argument("--teachers", nargs="+", default=["all"], metavar="TÊN",
                   help="«all» (mặc định) hoặc họ tên / số dòng của giáo viên trong danh sách")
    m.add_argument("--questions", nargs="+", default=[], metavar="FILE.json",
                   help="thêm câu hỏi riêng của nhà trường (docs/survey-format.md)")
    m.add_argument("--no-bundled", action="store_true", help="không dùng bộ câu hỏi có sẵn (mục 1.6.x, chỉ tiêu)")
    m.add_argument("--pick", nargs="+", metavar="MÃ", help="chỉ dùng các câu hỏi có mã này")
    m.add_argument("--round", metavar="MÃ", help="thêm phiếu vào đợt đã có (cùng câu hỏi); mặc định: đợt mới")
    m.add_argument("--format", choices=["pdf", "xlsx", "both"], default="both", help="dạng phiếu (mặc định: cả hai)")
    m.set_defaults(func=run_make)
    c = ssub.add_parser("collect", parents=[common], help="nhận phiếu đã điền (tệp hoặc thư mục)")
    c.add_argument("inputs", nargs="+", metavar="FILES_OR_FOLDERS")
    c.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    c.set_defaults(func=run_collect)
    s = ssub.add_parser("status", parents=[common], help="ai đã nộp, ai chưa; thay đổi so với đợt trước")
    s.add_argument("--round", metavar="MÃ", help="đợt cần xem (mặc định: đợt hiện tại)")
    s.add_argument("--reminders", metavar="FILE", help="ghi danh sách giáo viên chưa nộp (.pdf hoặc .xlsx) để in")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=run_status)
    e = ssub.add_parser("enter", parents=[common], help="nhập một phiếu giấy (cùng cách kiểm tra như tệp)")
    e.add_argument("--form", required=True, metavar="MÃ_PHIẾU", help="mã phiếu in trên phiếu giấy")
    e.add_argument("answers", nargs="+", metavar="MÃ_CÂU=TRẢ_LỜI", help="ví dụ: tai_khoan_boi_duong=có so_tiet=12")
    e.set_defaults(func=run_enter)


def _question_set(args):
    from desktop.core.survey import questions as Q

    sets = [] if args.no_bundled else [Q.bundled()]
    sets += [Q.load_file(f) for f in args.questions]
    if not sets:
        raise UserError("Không có câu hỏi nào: bỏ --no-bundled hoặc thêm --questions TỆP.json.")
    return Q.merge(sets[0].title, *sets, pick=args.pick)


def run_make(args) -> int:
    from desktop.core.survey.make import make_forms

    qset = _question_set(args)
    formats = ("pdf", "xlsx") if args.format == "both" else (args.format,)
    with Store.open(args.db) as store:
        rnd, made = make_forms(store, qset, args.out, args.teachers, args.round, formats)
    print(f"Đợt khảo sát {rnd.round_id}: {len(made)} phiếu, {len(rnd.questions.questions)} câu hỏi, trong {args.out}")
    for m in made:
        print(f"  {m.form_id}  {m.teacher}: {', '.join(p.name for p in m.files)}")
    return 0


def run_collect(args) -> int:
    from desktop.core.store import assessments as asm
    from desktop.core.store import lists
    from desktop.core.survey.collect import collect

    with Store.open(args.db) as store:
        outcomes = collect(store, args.inputs)
        a = asm.current_assessment(store)
        shares = []
        if a:
            iset = asm.assessment_set(store, a["id"])
            shares = [lists.share(store, iset, f.code) for f in lists.flags(iset, "staff")]
    if args.json:
        print(json.dumps([{"file": o.file, "status": o.status, "message": o.message, "form_id": o.form_id,
                           "teacher": o.teacher} for o in outcomes], ensure_ascii=False, indent=2))
    else:
        if not outcomes:
            print("Không có tệp phiếu nào (.pdf, .xlsx) trong những gì đã chọn.")
        for o in outcomes:
            print(o.line())
            for q, before, after in o.changed:
                print(f"    {q}: {before} → {after}")
        taken = sum(1 for o in outcomes if o.status in ("taken", "replaced"))
        refused = sum(1 for o in outcomes if not o.ok)
        print(f"Tổng: {len(outcomes)} tệp — nhận {taken}, không nhận {refused}, "
              f"đã có từ trước {len(outcomes) - taken - refused}.")
        from desktop.core.bands import vn_number

        for s in shares:
            print(f"Mục {s.code}: {s.counted}/{s.total} giáo viên ({vn_number(s.percent)}%), "
                  f"gợi ý {vn_number(s.suggested)}/{vn_number(s.max_points)} điểm")
    return EXIT_REFUSED if any(not o.ok for o in outcomes) else 0


def run_status(args) -> int:
    from desktop.core.survey import status

    with Store.open(args.db) as store:
        v = status.view(store, args.round)
        written = status.write_reminders(store, Path(args.reminders), v.round_id) if args.reminders else None
    if args.json:
        print(json.dumps({"round": v.round_id, "previous_round": v.previous_id,
                          "forms": [{"teacher": f.teacher, "form_id": f.form_id, "returned_at": f.returned_at,
                                     "source": f.source, "replaced": f.replaced} for f in v.forms],
                          "changes": [c.__dict__ for c in v.changes]}, ensure_ascii=False, indent=2))
    else:
        print(f"Đợt {v.round_id}: đã nộp {len(v.returned)}/{len(v.forms)}")
        for f in v.forms:
            state = (f"đã nộp ({status.SOURCE_WORDS.get(f.source, f.source)})" if f.returned_at else "CHƯA NỘP")
            extra = f", thay {f.replaced} phiếu trước" if f.replaced else ""
            print(f"  {f.form_id}  {f.teacher}: {state}{extra}")
        if v.previous_id:
            print(f"Thay đổi so với đợt {v.previous_id}: {len(v.changes) or 'không có'}")
            for c in v.changes:
                print(f"  {c.teacher} — {c.question}: {c.before} → {c.after}")
    if written:
        print(f"Đã ghi danh sách nhắc nộp phiếu: {written}", file=sys.stderr if args.json else sys.stdout)
    return 0


def run_enter(args) -> int:
    from desktop.core.survey.collect import enter

    values = {}
    for a in args.answers:
        key, sep, value = a.partition("=")
        if not sep or not key.strip():
            raise UserError(f"«{a}» không đúng dạng MÃ_CÂU=TRẢ_LỜI (ví dụ: tai_khoan_boi_duong=có).")
        values[key.strip()] = value
    with Store.open(args.db) as store:
        o = enter(store, args.form, values)
    print(o.line())
    return 0 if o.ok else EXIT_REFUSED
