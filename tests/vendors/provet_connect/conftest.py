"""Provet Connect test fixtures: the header set of Provet Connect's API Details page with the
default account's tokens (fixtures/credentials.json)."""
from __future__ import annotations

import pytest


def connect_headers(user_auth: str = "sandbox-user-auth",
                    client_auth: str = "sandbox-client-auth") -> dict:
    """Every header a Connect call carries."""
    return {"Accept": "application/json", "Api-Version": "1", "User-Auth": user_auth,
            "Client": "ShopVPMS 4.2", "Client-Auth": client_auth, "Practice": "Sandbox Vet Clinic",
            "User": "Dr Jane Smith"}


@pytest.fixture
def connect_auth() -> dict:
    return connect_headers()


@pytest.fixture
def get(client, connect_auth):
    def fetch(path, status=200):
        response = client.get(path, headers=connect_auth)
        assert response.status_code == status, response.get_data(as_text=True)
        return response.get_json()
    return fetch
