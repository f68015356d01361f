"""The ready e-mail's «Kính gửi» line: the first recipient that is not the archive line, without the purpose note
the official «Nơi nhận» list carries («(để báo cáo)»); the managing body when the list has none."""
import pytest

from desktop.core.report.send import addressee


@pytest.mark.parametrize("recipients, body, to", [
    (["UBND xã Tuệ Tĩnh (để báo cáo)", "Lưu: VT, CĐS"], "", "UBND xã Tuệ Tĩnh"),
    (["Phòng GD&ĐT (để b/c)", "Lưu: VT"], "", "Phòng GD&ĐT"),
    (["Sở Giáo dục và Đào tạo Hải Phòng"], "", "Sở Giáo dục và Đào tạo Hải Phòng"),
    (["Trung tâm (cơ sở 2)"], "", "Trung tâm (cơ sở 2)"),  # a name's own parenthesis stays
    (["Lưu: VT, CĐS"], "UBND xã Tuệ Tĩnh", "UBND xã Tuệ Tĩnh"),
    ([], "", ""),
])
def test_addressee(recipients, body, to):
    assert addressee(recipients, body) == to
