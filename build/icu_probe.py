"""Ask Qt what it asks ICU (collation, case mapping, time-zone names) and print the answers.

build/check_bundle.py runs this twice with the build venv's PySide6: with the wheel's full ICU data and with the
bundle's cut-down libicudata preloaded (same soname, so Qt uses it); the answers must be the same. Charset
converters are left out on purpose (build/shrink_icu.py drops the legacy ones) and are not asked about.
"""
import functools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCollator, QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

WORDS = ["Đà Nẵng", "an", "Ân", "ăn", "Bắc", "bạc", "đá", "Da", "Ê", "ê", "e", "Ơ", "o", "ô", "ư", "u", "Yên", "ý",
         "Z", "Ỷ", "10", "9", "Hà Nội", "Hạ Long", "hà", "Trường THCS Số 2", "Trường THCS Số 10", "Nguyễn", "Ngô"]


def main() -> None:
    app = QCoreApplication([])  # noqa: F841 - Qt wants one
    for loc in ("vi_VN", "en_US", "C", "fr_FR"):
        c = QCollator(QLocale(loc))
        print(loc, " | ".join(sorted(WORDS, key=functools.cmp_to_key(c.compare))))
        c.setNumericMode(True)
        print(loc, "numeric", " | ".join(sorted(WORDS, key=functools.cmp_to_key(c.compare))))
        c.setCaseSensitivity(c.caseSensitivity().CaseInsensitive)
        print(loc, "ci", c.compare("đà", "ĐÀ"), c.compare("a", "B"), c.compare("ư", "U"))
    for loc in ("vi_VN", "tr_TR", "en_US", "de_DE", "el_GR", "lt_LT"):
        lo = QLocale(loc)
        print(loc, lo.toUpper("iıİ đường ŝß ǆ ﬁ"), lo.toLower("IİI ĐƯỜNG ΣΑΣ Ǆ"))
    when = QDateTime(QDate(2026, 1, 15), QTime(12, 0), QTimeZone.UTC)
    for zone in (b"Asia/Ho_Chi_Minh", b"Europe/Paris", b"America/New_York"):
        tz = QTimeZone(zone)
        for loc in ("vi_VN", "en_US"):
            names = [tz.displayName(t, n, QLocale(loc)) for t in QTimeZone.TimeType for n in QTimeZone.NameType]
            print(zone.decode(), loc, tz.displayName(when, QTimeZone.NameType.LongName, QLocale(loc)), names)


if __name__ == "__main__":
    main()
