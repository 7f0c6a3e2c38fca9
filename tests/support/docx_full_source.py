"""A brief that uses every block the docx output writes (notes, nested lists, tables, a picture, each chart kind)."""

from __future__ import annotations

from pathlib import Path

FULL = '''---
title: "Grain Reserves and *Food* Security"
subtitle: "What a strategic reserve can and cannot do"
date: "2024-05"
authors:
  - name: Ada Analyst
    role: "Senior Fellow"
    bio: "Ada Analyst studies food markets. See [her page](https://example.org/ada)."
  - name: Ben Writer
    role: "Research Associate"
organization: "Example Institute"
summary: |
  Reserves smooth prices but cost money.
key_points:
  - "Reserves cost **money** every year."
  - "Markets adjust faster than stocks."
recommendations:
  - "Fund a small reserve."
  - "Review it every five years."
keywords: [grain, reserves, food security]
---

The lede paragraph names the question and cites a study.[^study]

## Background

Paragraph with *emphasis*, **strong**, `code`, and a [link](https://example.org/report).
A second note here.[^two]

- First bullet
- Second bullet with a nested list:
  1. Nested one
  2. Nested two
- Third bullet

3. Third step
4. Fourth step

> A block quote from a minister.

::: pullquote
Reserves are insurance, not investment.
:::

### Costs in detail

Table: Costs of a reserve, FY2024

| Item | Cost | Share |
|------|------|-------|
| Storage | $1,204 | 45% |
| Rotation | $800 | 30% |
| Administration | $667 | 25% |

Source: Example Institute analysis.

#### A smaller heading

```
code line one
code line two
```

![A bar of wheat stored in a silo](silo.png "Grain silo | Photo: Example")

## Charts

::: {.chart type=bar data="data/stocks.csv" x=year}
Title: Stocks by year
Units: million tons
Source: FAO
Alt: Bars rise from 10 to 30 over three years.
:::

::: {.chart type=hbar}
Title: Stocks by country
Alt: Country A holds most, then B, then C.

| Country | Stocks |
|---|---:|
| Alpha | 30 |
| Beta | 20 |
| Gamma | 10 |
:::

::: {.chart type=line data="data/stocks.csv" x=year}
Title: Stocks over time
Alt: Two lines rising together.
:::

::: {.chart type=timeline}
Title: Reserve history
Alt: Three events from 1953 to 2008.
- 1953: Reserve founded
- 1996-04: Reserve wound down
- 2008: Price spike
:::

See [the background](#background) again.[^fao]

[^study]: A study of reserves, 2019.
[^two]: A note with two paragraphs.

    Its second paragraph.

[^fao]: FAO, *Food Outlook*, 2023, <https://www.fao.org/outlook>.
'''


def write_full(project: Path) -> Path:
    """``sources/full.md`` with its data file and picture in ``project``; the source's path."""
    import zlib
    import struct

    sources = project / "sources"
    (sources / "data").mkdir(parents=True, exist_ok=True)
    (sources / "data" / "stocks.csv").write_text("year,Wheat,Rice\n2021,10,12\n2022,20,18\n2023,30,25\n", encoding="utf-8")
    width, height = 40, 20
    raw = b"".join(b"\x00" + bytes((180, 150, 90)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    (sources / "silo.png").write_bytes(png)
    path = sources / "full.md"
    path.write_text(FULL, encoding="utf-8")
    return path
