"""numkit.tracing over real sockets: every request seen as it finishes, tabulated, drawn."""

from __future__ import annotations

from numkit import sandbox as sb
from numkit.tracing import show_exchange, trace


def test_a_trace_sees_every_poll_of_an_unchanged_wait(v2):
    picks = v2.search(area_code="919", quantity=1).numbers
    lines: list[str] = []
    with trace(v2) as polls:
        polls._out = lines.append  # print → a list, to read what a learner would see
        order = v2.order_numbers(picks)
        done = v2.wait_for_order(order)
    assert v2.transport.watchers == []  # the hook is removed on exit
    gets = [r for r in polls.requests if r.method == "GET" and order.id in r.path]
    posts = [r for r in polls.requests if r.method == "POST"]
    assert len(posts) == 1 and posts[0].http_status == 201
    assert posts[0].order_status == "RECEIVED"
    assert gets[-1].order_status == done.status == "COMPLETE"
    assert len(gets) >= 2  # RECEIVED at first (0.2 s order delay), then COMPLETE
    assert [r.at for r in polls.requests] == sorted(r.at for r in polls.requests)
    assert len(lines) == len(polls.requests)
    assert f"GET /accounts/{v2.account_id}/orders/{order.id} → 200  COMPLETE" in lines[-1]

    frame = polls.to_frame()
    assert " ".join(frame.columns) == "at method path http_status order_status seconds error"
    assert str(frame["http_status"].dtype) == "Int64"
    assert frame["error"].isna().all()

    fig = polls.plot()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["RECEIVED", "COMPLETE"]
    points = ax.collections[0].get_offsets()
    assert len(points) == sum(1 for r in polls.requests if r.order_status)


def test_a_lost_answer_is_traced_as_an_error(sandbox, v2):
    sb.set_faults(sandbox.url, rate=1.0, kinds=["commit-drop"], seed=1)
    try:
        with trace(v2, show=False) as lost:
            order = v2.order_search(area_code="919", quantity=1)
    finally:
        sb.set_faults(sandbox.url, rate=0.0)
    posts = [i for i, r in enumerate(lost.requests) if r.method == "POST"]
    assert len(posts) == 1  # sent once, never re-sent blindly
    post = lost.requests[posts[0]]
    assert post.http_status is None and post.error
    assert order.recovered
    assert any(r.method == "GET" for r in lost.requests[posts[0] + 1 :])


def test_show_exchange_prints_the_v1_201_and_its_location(v1, capsys):
    pick = v1.search_local(area_code="919", quantity=1).numbers[0]
    with trace(v1, show=False) as calls:
        number = v1.order_number(pick)
    show_exchange(calls.exchanges[0])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("POST ") and out[0].endswith("/phoneNumbers")
    assert out[1] == "201 Created"
    assert out[2].startswith("Location: ") and out[2].endswith(number.id)


def test_a_watcher_sees_the_masked_record_only(v2):
    seen = []
    v2.transport.watchers.append(seen.append)
    try:
        v2.sites()
    finally:
        v2.transport.watchers.remove(seen.append)
    assert [e.method for e in seen] == ["GET"]
    assert seen[0].request_headers["Authorization"].endswith("***")
    assert "ZGVtbzpkZW1v" not in str(seen[0].request_headers)
