#!/usr/bin/env python3
"""How well `kg draft` reproduces the seed graph from its five articles.

    python3 Scripts/draft-recall.py [--kg .build/debug/kg] [--keep DIR]

Builds the seed graph (`kg init`), and a graph holding only its entities
(nodes of the kinds that are not fact kinds, with names, aliases and their
evidence; no edges, no Agreement, Ranking or Event nodes) from data/seed.kg.
Drafts each article of data/articles/ with `kg draft` against the
entity-only graph (the source key and `published` date from the seed's
`source` lines), checks each with `kg import --check`, imports each draft as it stands into a copy of that graph
(it must import cleanly, and all five into one graph), and compares the relations between entities
(stored edges between entity nodes and derived types, as (type, source name,
target name); symmetric types unordered) with the seed's. Also checks that
every quote of a draft stands verbatim in its article (runs of whitespace
collapsed to one space in both). Prints recall and precision per article
and overall; exits 1 when a draft does not import or a quote is not verbatim.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(kg, *args, check=True):
    p = subprocess.run([kg, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    return p


def schema_types(schema_text):
    """Entity kinds, and (type, symmetric) of stored edge types between entity kinds and derived types."""
    fact_kinds, kinds = set(), set()
    for m in re.finditer(r'^kind (\w+)(.*)$', schema_text, re.M):
        kinds.add(m.group(1))
        if re.search(r'\bfact\s*$', m.group(2)):
            fact_kinds.add(m.group(1))
    entity_kinds = kinds - fact_kinds
    types = []
    for m in re.finditer(r'^(edge|derived) (\w+): (\S+) (->|--) (\S+)', schema_text, re.M):
        ends = [set(m.group(3).split('|')), set(m.group(5).split('|'))]
        if m.group(1) == 'edge' and any(e <= fact_kinds for e in ends):
            continue
        types.append((m.group(2), m.group(4) == '--'))
    return entity_kinds, types


def relations(kg, db, entity_kinds, types):
    """{(type, a, b): set of source keys of its evidence} for every relation between entities."""
    out = {}
    kinds = ' OR '.join(f'a:{k}' for k in sorted(entity_kinds))
    kinds_b = kinds.replace('a:', 'b:')
    for t, symmetric in types:
        q = f'MATCH (a)-[:{t}]->(b) WHERE ({kinds}) AND ({kinds_b}) RETURN a.name AS a, b.name AS b'
        data = json.loads(run(kg, 'query', '--db', db, '--format', 'json', '--why', q).stdout)
        for row, evidence in zip(data['rows'], data.get('evidence') or [[]] * len(data['rows'])):
            a, b = (row['a'], row['b']) if isinstance(row, dict) else (row[0], row[1])
            if a == b:
                continue
            key = (t, *sorted([a, b])) if symmetric else (t, a, b)
            out.setdefault(key, set()).update(e.get('source') for e in evidence or [])
    return out


def entity_only_text(seed_text, entity_kinds):
    """The seed's source lines and entity node blocks (name, props, aliases, node evidence), nothing else."""
    out, keep_block = [], False
    for line in seed_text.splitlines():
        if line.startswith('source '):
            out.append(line)
            keep_block = False
        elif line.startswith('node '):
            keep_block = line.split()[1] in entity_kinds
            if keep_block:
                out.append(line)
        elif line.startswith('  ') and not line.startswith('   ') and keep_block:
            word = line.split()[0]
            in_node = word in ('alias', 'evidence')
            if in_node:
                out.append(line)
        elif not line.startswith(' '):
            keep_block = False
    return '\n'.join(out) + '\n'


def quotes_of(draft_text):
    for m in re.finditer(r'^\s*evidence \S+ "((?:[^"\\]|\\.)*)"\s*$', draft_text, re.M):
        yield bytes(m.group(1), 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8') if '\\' in m.group(1) else m.group(1)


def collapse(s):
    return re.sub(r'\s+', ' ', s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kg', default=str(ROOT / '.build/debug/kg'))
    ap.add_argument('--keep', help='keep the graphs and drafts in this folder')
    ap.add_argument('--verbose', '-v', action='store_true', help='list every relation found, missed and wrong')
    args = ap.parse_args()
    kg = args.kg
    work = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix='kg-draft-recall-'))
    work.mkdir(parents=True, exist_ok=True)
    schema_text = (ROOT / 'Schema/company.kgs').read_text()
    seed_text = (ROOT / 'data/seed.kg').read_text()
    entity_kinds, types = schema_types(schema_text)

    seed_db = str(work / 'seed.sqlite')
    base_db = str(work / 'entities.sqlite')
    for f in (seed_db, base_db):
        if os.path.exists(f):
            os.remove(f)
    run(kg, 'init', '--db', seed_db)
    (work / 'entities.kg').write_text(entity_only_text(seed_text, entity_kinds))
    run(kg, 'init', '--db', base_db, '--empty')
    run(kg, 'import', '--db', base_db, str(work / 'entities.kg'))
    seed_sources = relations(kg, seed_db, entity_kinds, types)
    seed = set(seed_sources)

    sources = {}
    for m in re.finditer(r'^source (\S+) file="([^"]+)"(.*)$', seed_text, re.M):
        pub = re.search(r'published=(\S+)', m.group(3))
        sources[m.group(2)] = (m.group(1), pub.group(1) if pub else None)

    failures = 0
    drafted_all = set()
    print(f'seed relations between entities: {len(seed)}')
    print(f'{"article":<28} {"drafted":>7} {"right":>5} {"recall":>7} {"precision":>9}')
    for article in sorted((ROOT / 'data/articles').glob('*.txt')):
        key, published = sources[article.name]
        draft = work / f'{key}.kg'
        cmd = ['draft', str(article), '--db', base_db, '--source', key, '-o', str(draft)]
        if published:
            cmd += ['--published', published]
        run(kg, *cmd)
        text = draft.read_text()
        article_text = collapse(article.read_text())
        for q in quotes_of(text):
            if collapse(q).strip() not in article_text:
                print(f'  NOT VERBATIM in {article.name}: {q!r}')
                failures += 1
        # `kg import --check` reads the whole draft against the graph, reports every error and writes nothing.
        p = run(kg, 'import', '--check', '--db', base_db, str(draft), check=False)
        if p.returncode != 0:
            print(f'  DRAFT FAILS kg import --check: {draft}\n{p.stdout}{p.stderr}')
            failures += 1
            continue
        db = str(work / f'{key}.sqlite')
        shutil.copy(base_db, db)
        p = run(kg, 'import', '--db', db, str(draft), check=False)
        if p.returncode != 0:
            print(f'  DRAFT DOES NOT IMPORT: {draft}\n{p.stderr}')
            failures += 1
            continue
        drafted = set(relations(kg, db, entity_kinds, types))
        drafted_all |= drafted
        right = drafted & seed
        # Recall per article: of the seed's relations with evidence from this article.
        mine = {r for r, keys in seed_sources.items() if key in keys}
        recall = len(drafted & mine) / len(mine) * 100 if mine else 100
        print(f'{key:<28} {len(drafted):>7} {len(right):>5} {recall:>6.0f}% {len(right) / len(drafted) * 100 if drafted else 100:>8.0f}%'
              f'   ({len(drafted & mine)} of the {len(mine)} seed relations it states)')
        if args.verbose:
            for r in sorted(drafted - seed):
                print(f'    wrong: {r}')
            for r in sorted(right):
                print(f'    right: {r}')
    # All drafts together import into one graph too (their keys do not collide).
    together = str(work / 'all.sqlite')
    shutil.copy(base_db, together)
    for draft in sorted(work.glob('*.kg')):
        if draft.name == 'entities.kg':
            continue
        p = run(kg, 'import', '--db', together, str(draft), check=False)
        if p.returncode != 0:
            print(f'  DRAFTS DO NOT IMPORT TOGETHER: {draft}\n{p.stderr}')
            failures += 1
    right = drafted_all & seed
    recall = len(right) / len(seed) * 100
    precision = len(right) / len(drafted_all) * 100 if drafted_all else 100
    print(f'{"overall":<28} {len(drafted_all):>7} {len(right):>5} {recall:>6.0f}% {precision:>8.0f}%')
    print(f'recall {len(right)}/{len(seed)} = {recall:.1f} %, precision {len(right)}/{len(drafted_all)} = {precision:.1f} %')
    if args.verbose:
        for r in sorted(seed - drafted_all):
            print(f'    missed: {r}')
    if not args.keep:
        shutil.rmtree(work)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
