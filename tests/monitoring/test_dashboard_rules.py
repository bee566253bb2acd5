"""Heat map, hot spots, what to improve, trends and the SVG chart — pure functions."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

from motcua.monitoring import index766
from motcua.monitoring.charts import Point, trend_svg
from motcua.monitoring.dashboard import heat_rows, hot_spots, improvements, satisfaction, trend_points
from motcua.monitoring.live import OpenCounts
from motcua.monitoring.periods import last_months

A, B = SimpleNamespace(pk=1, name="Phường An Bình"), SimpleNamespace(pk=2, name="Xã Hòa Lạc")
DAYS = [date(2026, 3, 2), date(2026, 3, 3)]
THRESHOLDS = (Decimal(95), Decimal(85))


def test_heat_cells_colour_the_on_time_share_of_each_day():
    flows = {(1, DAYS[0]): {"finished_early": 19, "finished_late": 1},       # 95 % → green
             (1, DAYS[1]): {"finished_on_time": 9, "finished_late": 1},      # 90 % → yellow
             (2, DAYS[0]): {"finished_early": 4, "finished_late": 1}}        # 80 % → red
    rows = heat_rows([A, B], flows, DAYS, THRESHOLDS)
    assert [[c.colour for c in r.cells] for r in rows] == [["green", "yellow"], ["red", "none"]]
    assert rows[0].cells[1].title == "03/03: 90,0 % đúng hạn, 10 hồ sơ"
    assert rows[1].cells[1].title == "03/03: không có hồ sơ giải quyết" and rows[1].cells[1].text == ""


def test_hot_spots_find_overdue_clusters_long_queues_and_falling_satisfaction():
    spots = hot_spots(
        [A, B], {1: OpenCounts(40, 7), 2: OpenCounts(10, 4)},
        {1: (100, 100 * 20 * 60), 2: (50, 50 * 45 * 60)},   # 20 and 45 minutes on average
        {1: 88.0, 2: 70.0}, {1: 90.0, 2: 80.0},            # down 2 and 10 points
        overdue_from=5, wait_from=30, drop_from=5)
    assert [(s.kind, s.unit.pk, round(s.value)) for s in spots] == [
        ("overdue", 1, 7), ("queue", 2, 45), ("satisfaction", 2, 10)]
    assert "tab=overdue" in spots[0].url and "unit=1" in spots[0].url
    assert satisfaction({"5.4": [81, 90]}) == 90 and satisfaction(None) is None


def test_improvements_list_the_biggest_losses_with_their_procedures():
    result = index766.score({"2.1": (900, 1000), "3.6": (30, 100), "4.1": (50, 100)})
    items = improvements(result, 1, late_by_procedure={11: 60, 12: 5}, open_by_procedure={12: OpenCounts(9, 8)},
                         names={11: "Đăng ký khai sinh", 12: "Chứng thực"}, limit=3)
    # unreported 3.4 loses 12 points, then the 6-point losses in table order (1.1, 1.4, ...)
    assert [i.score.indicator.id for i in items] == ["3.4", "1.1", "1.4"]
    items = improvements(result, 1, {11: 60, 12: 5}, {12: OpenCounts(9, 8)}, {11: "Khai sinh", 12: "Chứng thực"},
                         limit=30)
    on_time = next(i for i in items if i.score.indicator.id == "2.1")
    assert on_time.needed == 100
    assert [(p.name, p.late, p.overdue) for p in on_time.procedures] == [("Khai sinh", 60, 0), ("Chứng thực", 5, 8)]
    assert "procedure=11" in on_time.procedures[0].url
    paid = next(i for i in items if i.score.indicator.id == "3.6")
    assert (paid.needed, paid.procedures) == (70, [])


def test_trend_points_and_chart():
    months = last_months(date(2026, 3, 15), 3)
    points = trend_points(months, {date(2026, 2, 1): {"accepted": 120, "finished_early": 90, "finished_late": 10},
                                   date(2026, 3, 1): {"accepted": 80}})
    assert [(p.label, p.count, p.percent) for p in points] == [("01/26", 0, None), ("02/26", 120, 90.0),
                                                               ("03/26", 80, None)]
    svg = trend_svg(points + [Point("04/26", 10, 50.0)], title="Xu hướng", count_label="Tiếp nhận",
                    percent_label="Đúng hạn")
    root = ElementTree.fromstring(svg)  # well-formed, drawable without any script
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}rect")) == 4 and len(root.findall(f"{ns}circle")) == 2
    assert root.find(f"{ns}title").text == "Xu hướng"
