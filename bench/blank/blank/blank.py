"""The floor for page weight (issue 17 goal 5, issue 18 "Page load"): Reflex 0.10.1's blank template (`reflex
init`, "blank") with the same two routes the benchmark opens in EngNest, `/` and `/discover`. Each has a button
the benchmark waits on until React has hydrated it, and the page holds a state var, so the socket and the state
machinery load as they do in any real app."""

import reflex as rx


class State(rx.State):
    clicks: int = 0

    @rx.event
    def click(self):
        self.clicks += 1


def _page(title: str) -> rx.Component:
    return rx.container(
        rx.color_mode.button(position="top-right"),
        rx.vstack(
            rx.heading(title, size="9"),
            rx.text("Get started by editing ", rx.code("blank/blank.py"), size="5"),
            rx.button("Click me", on_click=State.click, id="blank-ready"),
            rx.text(State.clicks),
            spacing="5",
            justify="center",
            min_height="85vh",
        ),
    )


def index() -> rx.Component:
    return _page("Welcome to Reflex!")


def discover() -> rx.Component:
    return _page("Discover")


app = rx.App()
app.add_page(index, route="/")
app.add_page(discover, route="/discover")
