#!/usr/bin/env python3
"""Check the built docs site (_docs/) in a real headless browser (Debian's chromium, driven by Playwright).

    python tools/check_docs.py [SITE_DIR]

Serves the site on 127.0.0.1, opens every page reachable from index.html, and checks for each:
it loads with a title; every image has loaded (naturalWidth > 0); every internal link resolves (page, file and #anchor);
no console errors; no raw nbdev directives (`#|`) or YAML front matter in the text.
Prints one line per page and a final `N passed, M failed`; exit code 1 on any failure, 2 if no browser is available.
"""
import functools, http.server, shutil, sys, threading
from pathlib import Path
from urllib.parse import urljoin, urlparse, unquote

ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic']

def find_chromium():
    for c in ('chromium', 'chromium-browser', 'google-chrome'):
        if p := shutil.which(c): return p

def serve(site:Path):
    h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/"

def check_page(page, url, base, site):
    "Problems found on one page, and the internal pages it links to"
    errors, problems = [], []
    page.on('console', lambda m: errors.append(m.text) if m.type == 'error' else None)
    page.on('pageerror', lambda e: errors.append(str(e)))
    r = page.goto(url, wait_until='load')
    if r is None or r.status != 200: return [f"HTTP {r.status if r else '?'}"], []
    page.wait_for_timeout(300)
    if not page.title().strip(): problems.append('no title')
    for src in page.eval_on_selector_all('img', 'els => els.filter(e => !(e.complete && e.naturalWidth > 0)).map(e => e.src.slice(0, 80))'):
        problems.append(f'image not loaded: {src}')
    text = page.inner_text('body')
    if '#| ' in text: problems.append('raw nbdev directive (#|) in the page text')
    if 'output-file:' in text or text.lstrip().startswith('---'): problems.append('YAML front matter in the page text')
    pages = []
    for href in page.eval_on_selector_all('a[href]', 'els => els.map(e => e.href)'):
        u = urlparse(href)
        if not href.startswith(base): continue
        target = site/unquote(u.path[len(urlparse(base).path):] or 'index.html')
        if target.is_dir(): target = target/'index.html'
        if not target.exists(): problems.append(f'broken link: {href}'); continue
        if u.fragment and target.suffix == '.html':
            if f'id="{u.fragment}"' not in target.read_text(errors='ignore') and f"id={u.fragment}" not in target.read_text(errors='ignore'):
                problems.append(f'missing anchor: {href}')
        if target.suffix == '.html': pages.append(urljoin(base, str(target.relative_to(site))))
    return problems + [f'console error: {e[:160]}' for e in errors], pages

def main():
    site = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]/'_docs')
    if not (site/'index.html').exists(): print(f"no site at {site}: run `make docs` first\n0 passed, 1 failed"); sys.exit(1)
    exe = find_chromium()
    if not exe: print("no chromium on this machine: site not checked in a browser"); sys.exit(2)
    from playwright.sync_api import sync_playwright
    srv, base = serve(site)
    todo, seen, passed, failed = [base + 'index.html'], set(), 0, 0
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)  # Playwright gives each launch a new, empty profile
        while todo:
            url = todo.pop(0).split('#')[0]
            if url in seen: continue
            seen.add(url)
            pg = b.new_page()
            problems, links = check_page(pg, url, base, site)
            pg.close()
            todo += [l for l in links if l.split('#')[0] not in seen]
            name = url[len(base):]
            if problems: failed += 1; print(f"FAIL {name}"); [print(f"     {x}") for x in problems[:15]]
            else: passed += 1; print(f"ok   {name}")
        b.close()
    srv.shutdown()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
