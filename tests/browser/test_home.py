def test_home_page_search_box(live_server, page):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Tra cứu thủ tục, nộp hồ sơ, theo dõi kết quả").is_visible()
    page.get_by_role("searchbox", name="Bạn cần làm thủ tục gì?").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/thu-tuc/?q=khai+sinh")
