def test_home_page_lists_communities(client, city):
    page = client.get("/")
    assert page.status_code == 200
    assert "社区" in page.get_data(as_text=True)


def test_login_and_see_name(client, auth, city):
    response = auth.login("resident@test.cn")
    assert response.status_code == 302
    assert "resident user" in client.get("/").get_data(as_text=True)
