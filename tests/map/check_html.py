#!/usr/bin/python3
"""The interactive map (map.html, issue 11) in a real browser: Debian's chromium, headless,
driven through chromedriver by Selenium, the file loaded from disk with the network cut off
(a new network namespace with loopback only when `unshare -n` is allowed, and in any case
Chromium's flags plus an unreachable proxy; the page's own Content-Security-Policy forbids
every fetch, and the test asserts that no resource was requested).

Checks on the default network: size under 1 MB, the same bytes twice, the SVG inside is the
one `render -o x.svg` draws, report's map.html is render's and holds report's map.svg, no
console message and no resource requested, search finds a node and "did you mean" offers
the right one for a misspelling, a click on a node shows its metrics (equal to `partnet
analyse --format csv`) and its partners (NetworkX's neighbours in `export --to json`), the
country, kind, theme and community filters hide exactly the other nodes (and lines), the
year slider hides what was not active, the keyboard zooms (+), pans (arrows), fits (0) and
selects (Tab to a node, Enter). On the hostile-names fixture: the data element holds no raw
<, >, &, U+2028/2029 and every name verbatim; every name stays text (no alert, no extra
element, the panel shows it verbatim). Then three planted defects: a page whose script
fails, one where a name was pasted into the markup, data without its & escapes; the checks
must fail on each. Saves screenshots into WORK.

Usage: check_html.py PARTNET LORRAINE_DIR HOSTILE_YAML WORK (tests/map/html-hostile.yaml)
Exit 0: all passed; 1: a check failed; 77: chromium/chromedriver/selenium missing (skip).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(77)

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--window-size=1600,1000"]


# names of tests/map/html-hostile.yaml, as the YAML means them
HOSTILE_NAMES = ["</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>",
                 "<!-- comment --> <![CDATA[ x ]]>",
                 "&amp; &lt; &#60; & \"double\" 'single' `tick`",
                 "Line\u2028separator\u2029paragraph", "Emoji 🚀🌍 Institute",
                 "جامعة القاضي عياض", "Back\\slash \\N \\u0041 end",
                 "<svg onload=alert(3)> alliance"]


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failed("%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def browser(profile):
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in FLAGS + ["--user-data-dir=" + profile]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def load(drv, path):
    """Open path; returns the console messages of the page (none expected)."""
    drv.get("about:blank")
    drv.get_log("browser")  # drop what the browser said before the page
    drv.get("file://" + os.path.abspath(path))
    drv.find_element(By.ID, "pn-count")
    drv.execute_script("return 1")
    return [m for m in drv.get_log("browser")
            if m["level"] in ("SEVERE", "WARNING") or m.get("source") in ("console-api",
                                                                           "javascript")]


def no_console(drv, path):
    msgs = load(drv, path)
    check(not msgs, "console messages: %r" % msgs)
    res = drv.execute_script("return performance.getEntriesByType('resource').length")
    check(res == 0, "the page requested %d resources" % res)
    check(drv.find_element(By.ID, "pn-count").text.endswith("lines shown"),
          "the script did not run (no count)")


def shown(drv, gid):
    return drv.execute_script(
        "var e = document.getElementById(arguments[0]);"
        "return !!e && getComputedStyle(e).display !== 'none';", gid)


def data(drv):
    return drv.execute_script(
        "return JSON.parse(document.getElementById('pn-data').textContent)")


def info_name(drv):
    return drv.execute_script("var h = document.querySelector('#pn-info h3');"
                              "return h ? h.textContent : null")


def check_search(drv):
    q = drv.find_element(By.ID, "pn-q")
    q.clear()
    q.send_keys("lorrain")
    items = [b.text for b in drv.find_elements(By.CSS_SELECTOR, "#pn-results button")]
    check(any(t.startswith("Université de Lorraine") for t in items),
          "search 'lorrain' did not list Université de Lorraine: %r" % items)
    q.clear()
    q.send_keys("Univrsité de Lorriane")
    hint = drv.find_element(By.ID, "pn-hint").text
    items = [b.text for b in drv.find_elements(By.CSS_SELECTOR, "#pn-results button")]
    check("Did you mean" in hint, "no 'did you mean' for a misspelling: %r" % hint)
    check(items and items[0].startswith("Université de Lorraine"),
          "'did you mean' did not offer Université de Lorraine first: %r" % items)
    q.clear()
    q.send_keys("CNRS", Keys.ENTER)
    check(info_name(drv) == "Centre national de la recherche scientifique",
          "Enter on 'CNRS' selected %r" % info_name(drv))


def nx_partners(partnet, network, node):
    """The names of node's neighbours, by NetworkX from `export --to json` (node-link)."""
    import networkx as nx
    g = nx.node_link_graph(json.loads(run(partnet, "export", "--quiet", network, "--to", "json",
                                          "-o", "-")))
    u = nx.Graph(g.to_undirected())
    return {g.nodes[v]["name"] for v in u.neighbors(node)}


def metric_cells(drv):
    rows = drv.find_elements(By.CSS_SELECTOR, "#pn-info table.pn-metrics tr")
    return {r.get_attribute("data-metric"): r.find_elements(By.TAG_NAME, "td")[1].text
            for r in rows}


def check_click(drv, analysed, want_partners):
    drv.find_element(By.ID, "pn-reset").click()
    node = drv.find_element(By.ID, "node-cnrs")
    ActionChains(drv).move_to_element(node.find_element(By.TAG_NAME, "ellipse")).click().perform()
    row = analysed["cnrs"]
    check(info_name(drv) == row["name"], "click showed %r, not %r" % (info_name(drv), row["name"]))
    cells = metric_cells(drv)
    for name in ("degree", "betweenness", "pagerank", "community"):
        want = float(row[name])
        got = float(cells[name])
        check(abs(got - want) <= 5e-4 * max(1, abs(want)),
              "%s shown %s, analyse says %s" % (name, cells[name], row[name]))
    partners = drv.find_elements(By.CSS_SELECTOR, "#pn-info ul.pn-partners li")
    shown_names = set(drv.execute_script(
        "return Array.from(document.querySelectorAll('#pn-info ul.pn-partners li button'))"
        ".map(function (b) { return b.textContent; })"))
    check(shown_names == want_partners, "partners shown %r, NetworkX (export --to json) says %r"
          % (sorted(shown_names - want_partners), sorted(want_partners - shown_names)))
    check(drv.find_elements(By.CSS_SELECTOR, "#pn-info ul.pn-sources li"), "no sources listed")
    lit = drv.execute_script("return document.querySelectorAll('svg g.node.pn-hi').length")
    check(lit == len(partners) + 1, "%d nodes lit for %d partners" % (lit, len(partners)))


def check_filters(drv):
    d = data(drv)
    drv.find_element(By.ID, "pn-reset").click()
    Select(drv.find_element(By.ID, "pn-filter-country")).select_by_value("FR")
    keep = {i for i, n in enumerate(d["nodes"]) if n.get("country") == "FR"}
    check(0 < len(keep) < len(d["nodes"]), "the fixture should have French and other nodes")
    for i, n in enumerate(d["nodes"]):
        check(shown(drv, n["g"]) == (i in keep), "country FR: %s shown=%s" % (n["id"],
                                                                          not i in keep))
    for e in d["edges"]:
        check(shown(drv, e["g"]) == (e["a"] in keep and e["b"] in keep),
              "country FR: line %s" % e["g"])
    Select(drv.find_element(By.ID, "pn-filter-kind")).select_by_value("institution")
    keep = {i for i in keep if d["nodes"][i]["kind"] == "institution"}
    for i, n in enumerate(d["nodes"]):
        check(shown(drv, n["g"]) == (i in keep), "FR institutions: %s" % n["id"])
    count = drv.find_element(By.ID, "pn-count").text
    check(count.startswith("%d of %d nodes" % (len(keep), len(d["nodes"]))), count)
    drv.find_element(By.ID, "pn-reset").click()
    k = [m["name"] for m in d["metrics"]].index("community")
    for name, of in (("theme", lambda n: n.get("themes") or []),
                     ("community", lambda n: [str(n["m"][k])] if n.get("m") else [])):
        sel = Select(drv.find_element(By.ID, "pn-filter-" + name))
        value = sel.options[2].get_attribute("value")
        sel.select_by_value(value)
        want = {i for i, n in enumerate(d["nodes"]) if value in of(n)}
        check(0 < len(want) < len(d["nodes"]), "%s %s keeps %d nodes" % (name, value, len(want)))
        for i, n in enumerate(d["nodes"]):
            check(shown(drv, n["g"]) == (i in want), "%s %s: %s" % (name, value, n["id"]))
        drv.find_element(By.ID, "pn-reset").click()
    check(all(shown(drv, n["g"]) for n in d["nodes"]), "reset left nodes hidden")


def check_years(drv):
    d = data(drv)
    drv.find_element(By.ID, "pn-reset").click()
    check(drv.find_element(By.ID, "pn-year-box").is_displayed(), "no year slider")
    drv.find_element(By.ID, "pn-year-on").click()
    drv.execute_script("var y = document.getElementById('pn-year'); y.value = '2012';"
                       "y.dispatchEvent(new Event('input'));")
    act = lambda s, u: (s is None or s <= 2012) and (u is None or 2012 <= u)
    hidden = 0
    for e in d["edges"]:
        want = act(e.get("since"), e.get("until")) and act(d["nodes"][e["a"]].get("since"),
                                                           d["nodes"][e["a"]].get("until")) \
            and act(d["nodes"][e["b"]].get("since"), d["nodes"][e["b"]].get("until"))
        hidden += not want
        check(shown(drv, e["g"]) == want, "year 2012: line %s" % e["g"])
    check(hidden > 0, "year 2012 hid no line")
    drv.find_element(By.ID, "pn-reset").click()


def check_keyboard(drv):
    drv.find_element(By.ID, "pn-reset").click()
    drv.find_element(By.ID, "pn-map").click()
    view = lambda: drv.execute_script("return document.querySelector('#pn-map svg')"
                                      ".getAttribute('viewBox')")
    home = view()
    ActionChains(drv).send_keys("+").perform()
    zoomed = [float(x) for x in view().split()]
    check(zoomed[2] < [float(x) for x in home.split()][2], "'+' did not zoom in: %s" % view())
    ActionChains(drv).send_keys(Keys.ARROW_LEFT).perform()
    check([float(x) for x in view().split()][0] < zoomed[0], "left arrow did not pan")
    ActionChains(drv).send_keys("0").perform()
    check([round(float(x), 2) for x in view().split()] ==
          [round(float(x), 2) for x in home.split()], "'0' did not fit: %s" % view())
    ActionChains(drv).send_keys(Keys.TAB).perform()
    focused = drv.execute_script("return document.activeElement.id")
    check(focused.startswith("node-"), "Tab from the map went to %r" % focused)
    ActionChains(drv).send_keys(Keys.ENTER).perform()
    sel = drv.execute_script("var s = document.querySelector('svg g.node.pn-sel');"
                             "return s ? s.id : null")
    check(sel == focused, "Enter selected %r, focus on %r" % (sel, focused))
    ActionChains(drv).send_keys(Keys.ESCAPE).perform()
    check(not drv.find_elements(By.CSS_SELECTOR, "svg g.node.pn-sel"), "Escape kept a selection")


def check_hostile(drv, path):
    no_console(drv, path)
    d = data(drv)
    try:
        drv.switch_to.alert
        raise Failed("an alert opened")
    except NoAlertPresentException:
        pass
    n_scripts = drv.execute_script("return document.scripts.length")
    check(n_scripts == 2, "%d script elements (2 expected)" % n_scripts)
    for tag in ("b", "i", "img"):
        check(not drv.find_elements(By.TAG_NAME, tag), "a name became a <%s> element" % tag)
    n_svg = drv.execute_script("return document.querySelectorAll('svg').length")
    check(n_svg == 1, "%d svg elements (1 expected)" % n_svg)
    q = drv.find_element(By.ID, "pn-q")
    for n in d["nodes"]:
        q.clear()
        q.send_keys(n["id"], Keys.ENTER)
        check(info_name(drv) == n["name"],
              "%s shown as %r, its name is %r" % (n["id"], info_name(drv), n["name"]))
    title = drv.execute_script("return document.getElementById('pn-title').textContent")
    check(title == d["title"], "title shown as %r" % title)
    srcs = drv.execute_script("return Array.from(document.querySelectorAll("
                              "'#pn-info ul.pn-sources a')).map(function (a) {"
                              "return [a.textContent, a.href]; })")
    check(srcs and srcs[0][0] == list(d["sources"].values())[0]["title"],
          "source shown as %r" % srcs)
    check(drv.title == d["title"], "document title %r" % drv.title)


def static_checks(html, yaml_names):
    """The data element holds no character that could end or change it; every hostile
    name is in the data verbatim; the page has two scripts, and no element fetches."""
    head = '<script type="application/json" id="pn-data">'
    a = html.index(head) + len(head)
    blob = html[a:html.index("</script>", a)]
    for ch in "<>&\u2028\u2029":
        check(ch not in blob, "the data holds a raw %r" % ch)
    names = {n["name"] for n in json.loads(blob)["nodes"]}
    for name in yaml_names:
        check(name in names, "name %r not in the data verbatim" % name)
    check(html.count("<script") == 2, "%d <script in the page" % html.count("<script"))
    for bad in ("<link", "<iframe", "<img", "<object", "<embed", "@import", "url("):
        check(bad not in html.lower(), "the page holds %r" % bad)


def same_svg(html, svg):
    """The SVG inside the page is the drawing `render -o x.svg` makes."""
    body = re.sub(r"<!--.*?-->\n?", "", svg[svg.index("<svg"):], flags=re.S)
    check(body in html, "the page's SVG differs from the one render -o x.svg draws")


def planted_static(hostile):
    """The data check must fail on a page whose JSON lost its escapes."""
    html = open(hostile, encoding="utf-8").read()
    unescaped = html.replace("\\u0026", "&")  # still valid JSON: only the check can catch it
    try:
        static_checks(unescaped, HOSTILE_NAMES)
    except Exception as e:
        print("ok: planted defect (data without its escapes) fails: %s" % e)
        return
    raise Failed("the data check passed on JSON without its escapes")


def planted(drv, good, work):
    """The checks must fail on broken pages."""
    html = open(good, encoding="utf-8").read()
    bad1 = os.path.join(work, "planted-script-error.html")
    open(bad1, "w", encoding="utf-8").write(html.replace("'use strict';", "'use strict'; nope();", 1))
    bad2 = os.path.join(work, "planted-markup.html")
    open(bad2, "w", encoding="utf-8").write(
        html.replace('<h1 id="pn-title"></h1>', '<h1 id="pn-title"></h1><b>bold</b>', 1))
    for bad, fn in ((bad1, lambda: no_console(drv, bad1)),
                    (bad2, lambda: check_hostile(drv, bad2))):
        try:
            fn()
        except Exception as e:
            print("ok: planted defect %s fails: %s" % (os.path.basename(bad), e))
            continue
        raise Failed("the checks passed on the planted defect %s" % bad)


def cut_network():
    """Re-run this script in a new network namespace (loopback only), when allowed."""
    if os.environ.get("PN_NETNS") == "1" or not shutil.which("unshare"):
        return
    ip = shutil.which("ip") or ("/usr/sbin/ip" if os.access("/usr/sbin/ip", os.X_OK) else None)
    # chromedriver needs loopback: a namespace is used only if its lo can be brought up
    probe = subprocess.run(["unshare", "-n", ip or "false", "link", "set", "lo", "up"],
                           capture_output=True)
    if probe.returncode != 0:
        print("note: no network namespace here (unshare -n or ip missing or not allowed); "
              "the network is cut by Chromium's flags only")
        return
    os.environ["PN_NETNS"] = "1"
    os.execvp("unshare", ["unshare", "-n", "sh", "-c", '"$0" link set lo up && exec "$@"', ip,
                          sys.executable] + sys.argv)


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    cut_network()
    if os.environ.get("PN_NETNS") == "1":
        print("note: running in a network namespace of its own (loopback only)")
    partnet, lorraine, nasty, work = sys.argv[1:]  # nasty: the hostile-names fixture
    for exe in (CHROMIUM, DRIVER):
        if not os.access(exe, os.X_OK):
            print("skipped: %s is missing (chromium, chromium-driver)" % exe)
            return 77
    os.makedirs(work, exist_ok=True)
    page = os.path.join(work, "lorraine.html")
    run(partnet, "render", "--quiet", lorraine, "-o", page)
    size = os.path.getsize(page)
    check(size < 1 << 20, "map.html of the default network is %d bytes (1 MB at most)" % size)
    html = open(page, encoding="utf-8").read()
    # (render -o x.svg computes only the metrics the map draws, issue 12, so its tooltips
    # are shorter: the page's SVG is compared with report's map.svg below, which has all)
    analysed = {r["id"]: r for r in csv.DictReader(io.StringIO(
        run(partnet, "analyse", "--format", "csv", lorraine)))}
    rep = os.path.join(work, "report")
    # a fresh folder: a report reuses the positions.csv and metrics.csv it finds (issue 10)
    shutil.rmtree(rep, ignore_errors=True)
    run(partnet, "report", "--quiet", lorraine, "-o", rep)
    check(open(os.path.join(rep, "map.html"), "rb").read() == open(page, "rb").read(),
          "report's map.html differs from render -o map.html")
    same_svg(open(os.path.join(rep, "map.html"), encoding="utf-8").read(),
             open(os.path.join(rep, "map.svg"), encoding="utf-8").read())
    again = os.path.join(work, "lorraine-again.html")
    run(partnet, "render", "--quiet", lorraine, "-o", again)
    check(open(again, "rb").read() == open(page, "rb").read(), "two renders differ")
    hostile = os.path.join(work, "hostile.html")
    run(partnet, "render", "--quiet", nasty, "-o", hostile)
    static_checks(open(hostile, encoding="utf-8").read(), HOSTILE_NAMES)
    planted_static(hostile)
    profile = tempfile.mkdtemp(prefix="h11-chromium-")
    drv = browser(profile)
    try:
        no_console(drv, page)
        drv.save_screenshot(os.path.join(work, "lorraine.png"))
        check_search(drv)
        check_click(drv, analysed, nx_partners(partnet, lorraine, "cnrs"))
        drv.save_screenshot(os.path.join(work, "lorraine-selected.png"))
        check_filters(drv)
        check_years(drv)
        check_keyboard(drv)
        check_hostile(drv, hostile)
        drv.save_screenshot(os.path.join(work, "hostile-selected.png"))
        planted(drv, page, work)
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print("ok: map.html %d bytes; search, click, filters, years, keyboard, hostile names" % size)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as e:
        print("FAILED:", e)
        sys.exit(1)
    except Exception as e:  # selenium: an element missing, a timeout
        print("FAILED: %s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
        sys.exit(1)
