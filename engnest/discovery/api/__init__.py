"""Discovery's part of the REST API: people search, a person as the person page shows them, your own account
and card (`users/me`), and friends shown as cards."""

from fastapi import APIRouter

from engnest.discovery.api import friends, people, users

router = APIRouter()
for _part in (users, people, friends):
    router.include_router(_part.router)
