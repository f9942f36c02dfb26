"""Vietnamese text handling: folding, sort order, slugs."""

from guidepack.text import fold, heading_slug, slugify, vi_sorted


def test_fold_removes_tones_and_folds_d():
    assert fold("Bình đẳng giới") == "binh dang gioi"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold("ba\u0301o ca\u0301o") == "bao cao"  # NFD input


def test_vietnamese_order_puts_d_stroke_after_d():
    names = ["Yên Bái", "Đồng Nai", "Đà Nẵng", "Gia Lai", "Điện Biên", "Đắk Lắk", "Cà Mau", "Dương", "Đắk Nông"]
    assert vi_sorted(names) == ["Cà Mau", "Dương", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
                                "Gia Lai", "Yên Bái"]


def test_letters_before_tones():
    assert vi_sorted(["Bắc Giang", "Bạc Liêu", "Bà Rịa - Vũng Tàu", "An Giang"]) == [
        "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang"]
    assert vi_sorted(["Sơn La", "Sóc Trăng"]) == ["Sóc Trăng", "Sơn La"]


def test_slugs_are_ascii():
    assert slugify("Thanh Hóa") == "thanh-hoa"
    assert slugify("Bộ Lao động - Thương binh và Xã hội") == "bo-lao-dong-thuong-binh-va-xa-hoi"
    assert heading_slug("Đăng ký") == "dang-ky"
