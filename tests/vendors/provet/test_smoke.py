def test_docs_product_exists(client, provet_auth):
    response = client.get("/provet/api/products/FRON%2001", headers=provet_auth)
    assert response.status_code == 200
    assert response.get_json()["code"] == "FRON 01"
