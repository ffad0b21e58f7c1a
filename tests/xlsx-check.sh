#!/bin/sh
# xlsx-check.sh BIN: the XLSX writer, read back.
#
#   1. the corrected example builds to disclosure.xlsx, twice (in another
#      time zone, a second later) and the two files are byte for byte the
#      same: the workbook is reproducible;
#   2. python3 + openpyxl (Debian: python3-openpyxl) reads it back: the 13
#      table sheets and the KPI sheets with valid names, table 3's 合计/合计
#      as the NUMBER 1116.95 formatted #,##0.00, merged headings, frozen
#      panes, print setup, bold totals, indented hierarchy;
#   3. a hostile budget (a project named =HYPERLINK(...), a 40,000-character
#      text field, names Excel would refuse, a literal "_x0041_") comes back
#      as strings, never formulas, cut to 32,767 characters with a warning
#      naming the cell, and valid, unique sheet names.
#
# The last line printed is "xlsx: N passed, N failed".
set -u
BIN=${1:-build/budgetc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
finish() { echo "xlsx: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

# --- a python3 that has openpyxl -----------------------------------------
PY=""
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import openpyxl' >/dev/null 2>&1; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    bad "no python3 with openpyxl: apt-get install python3-openpyxl"
    finish
fi

# --- 1. build twice, compare ---------------------------------------------
EX=examples/datong-kjj-2026-corrected/main.budget
if "$BIN" build -f xlsx -o "$tmp/a" "$EX" 2>"$tmp/err" && [ -f "$tmp/a/disclosure.xlsx" ]; then
    ok
else
    bad "build -f xlsx $EX"; sed 's/^/  /' "$tmp/err" | tail -5
    finish
fi
[ ! -e "$tmp/a/disclosure.xlsx.tmp" ] && ok || bad "temporary file left behind"
sleep 1
if TZ=America/New_York "$BIN" build -f xlsx -o "$tmp/b" "$EX" 2>/dev/null &&
        cmp "$tmp/a/disclosure.xlsx" "$tmp/b/disclosure.xlsx"; then
    ok
else
    bad "two builds of $EX differ"
fi

# --- 2. read the example back ---------------------------------------------
cat >"$tmp/example.py" <<'EOF'
import sys, zipfile, openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
def check(name, cond, why=""):
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else ": " + why))

def valid(name):
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in name)
    return (0 < units <= 31 and not any(ch in '[]:*?/\\' for ch in name)
            and not name.startswith("'") and not name.endswith("'"))

names = wb.sheetnames
tables = ["表%d" % i for i in range(1, 14)]
check("13 table sheets first, in order", names[:13] == tables, str(names[:13]))
check("整体绩效 sheet", "整体绩效" in names, str(names))
forms = [n for n in names if n.startswith("绩效-")]
# the example publishes nine project forms (main.budget, projects/)
check("nine project KPI sheets", len(forms) == 9, str(forms))
check("sheet names valid for Excel", all(valid(n) for n in names), str(names))
check("sheet names unique", len({n.lower() for n in names}) == len(names), str(names))
check("duplicate project names made unique",
      "绩效-J残疾人就业保障金(2)" in names and "绩效-J残疾人就业保障金(3)" in names, str(forms))

ws = wb["表3"]
check("表3 title in row 1", ws["A1"].value == "2026年预算支出总表", repr(ws["A1"].value))
check("表3 caption left, unit right", str(ws["A2"].value).startswith("部门名称：")
      and ws.cell(2, ws.max_column).value == "单位：万元", repr((ws["A2"].value, ws.cell(2, ws.max_column).value)))
row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
col = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == "合计")
cell = ws.cell(row, col)
check("表3 合计/合计 is the number 1116.95",
      cell.data_type == "n" and isinstance(cell.value, float) and abs(cell.value - 1116.95) < 1e-9,
      repr((cell.data_type, cell.value)))
check("表3 合计/合计 formatted #,##0.00", cell.number_format == "#,##0.00", cell.number_format)
check("表3 total row bold", ws.cell(row, 1).font.b and cell.font.b)
merged = {str(r) for r in ws.merged_cells.ranges}
check("表3 headings merged as printed", {"A3:B3", "C3:E3"} <= merged, str(merged))
check("表3 frozen below the headings", ws.freeze_panes == "A5", str(ws.freeze_panes))
check("表3 heading rows repeat when printed", ws.print_title_rows == "$3:$4", str(ws.print_title_rows))
name_of = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(5, ws.max_row + 1)}
check("表3 hierarchy indented (类 0, 款 1, 项 2)",
      (name_of["206"].alignment.indent, name_of["20601"].alignment.indent,
       name_of["2060101"].alignment.indent) == (0, 1, 2))
wide = ws.column_dimensions["B"].width
check("表3 name column fits 其他科学技术管理事务支出", wide >= 26, str(wide))

ws12 = wb["表12"]
merged12 = {str(r) for r in ws12.merged_cells.ranges}
check("表12 rowspan headings merged", {"A3:A4", "C3:E3"} <= merged12, str(merged12))

amounts = bad = 0
for t in tables:
    s = wb[t]
    ok_setup = (s.page_setup.paperSize in (9, "9") and s.sheet_properties.pageSetUpPr.fitToPage
                and s.page_setup.fitToHeight in (0, "0") and s.freeze_panes is not None
                and any(r.min_row >= 3 for r in s.merged_cells.ranges))
    if not ok_setup:
        check(t + " A4, one page wide, frozen, merged headings", False)
        bad += 1
    for r in s.iter_rows(min_row=3):
        for c in r:
            if c.data_type == "n" and c.value is not None:
                amounts += 1
                if c.number_format != "#,##0.00":
                    bad += 1
check("every table sheet A4, fit to width, frozen, merged; every amount #,##0.00",
      bad == 0 and amounts > 100, "%d bad, %d amounts" % (bad, amounts))
check("表7 prints its empty note", any(c.value == "注：本表无数据"
      for r in wb["表7"].iter_rows() for c in r))

ws = wb["绩效-J驻村帮扶工作人员经费"]
cells = [c for r in ws.iter_rows() for c in r]
fund = [c for c in cells if c.data_type == "n" and c.value == 105000]
check("项目资金 in 元 as numbers #,##0.00", len(fund) >= 4 and all(c.number_format == "#,##0.00" for c in fund),
      repr([(c.coordinate, c.number_format) for c in fund]))
check("project form indicators side by side", any(c.value == "驻村工作人员数量" for c in cells)
      and any(c.value == "驻村工作人员数" for c in cells))
wp = wb["整体绩效"]
check("整体绩效 funds 1116.95 as a number", any(c.data_type == "n" and c.value == 1116.95
      for r in wp.iter_rows() for c in r))

def overlapping(book):
    for s in book.worksheets:
        rs = list(s.merged_cells.ranges)
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if not (a.max_row < b.min_row or b.max_row < a.min_row or
                        a.max_col < b.min_col or b.max_col < a.min_col):
                    return "%s: %s and %s" % (s.title, a, b)
    return None
o = overlapping(wb)
check("no merged ranges overlap (Excel would repair the file)", o is None, str(o))

with zipfile.ZipFile(path) as z:
    core = z.read("docProps/core.xml").decode()
    check("creation time fixed to the budget year", "2026-01-01T00:00:00Z" in core, core[-200:])
    check("zip entries dated 1980-01-01", all(i.date_time[:3] == (1980, 1, 1) for i in z.infolist()))
EOF
"$PY" "$tmp/example.py" "$tmp/a/disclosure.xlsx" >"$tmp/py.out" 2>&1
pass=$((pass + $(grep -c '^PASS ' "$tmp/py.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/py.out")))
grep '^FAIL ' "$tmp/py.out"
if ! grep -q '^PASS ' "$tmp/py.out"; then bad "read-back of the example"; sed 's/^/  /' "$tmp/py.out" | tail -5; fi

# --- 3. a hostile budget ---------------------------------------------------
long=$(head -c 39992 /dev/zero | tr '\0' x)
long_name_a="长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长A"
long_name_b="长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长B"
{
    cat <<EOF
import shanxi
department "测试局[部门]" {
  code "999"
  year 2026
}
unit 测试局 { kind 行政; level 本级 }
expenditure by function {
  source  一般公共预算
  amounts 万元
  columns 合计 基本支出 项目支出
  all     合计                         10.50  -  10.50
  2060199 其他科学技术管理事务支出      10.50  -  10.50
}
EOF
    # project NAME AMOUNT OVERVIEW
    for p in "\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"|10.00|@SUM(A1)$long" \
             "\"项目[1]:*?/\\\\a'\"|0.30|-1+1" \
             "$long_name_a|0.10|+1" "$long_name_b|0.10|=1"; do
        name=${p%%|*}; rest=${p#*|}; amount=${rest%%|*}; text=${rest#*|}
        cat <<EOF
project $name {
  unit   测试局
  budget 合计 ${amount}万元 一般公共预算 ${amount}万元
  form {
    overview "$text"
    plan     "_x0041_"
    indicators 年度 {
      产出指标   数量指标 人数 3人
      产出指标   质量指标 合格率 100%
      产出指标   时效指标 及时性 及时
      产出指标   成本指标 年初预算 ${amount}万元
      效益指标   社会效益 保障 保障
      满意度指标 服务对象满意度 满意度 ≥90%
    }
  }
}
EOF
    done
} >"$tmp/hostile.budget"

if "$BIN" build -f xlsx -o "$tmp/h" "$tmp/hostile.budget" >/dev/null 2>"$tmp/herr"; then
    ok
else
    bad "build of the hostile budget"; grep -v '^ ' "$tmp/herr" | head -5
    finish
fi
if grep -q "warning: xlsx: cell '绩效-=HYPERLINK(\"http___x\",\"y\")'!B[0-9]* holds 40000 characters; Excel holds at most 32767: truncated" "$tmp/herr"; then
    ok
else
    bad "no warning naming the truncated cell"; grep xlsx "$tmp/herr" | head -3
fi

cat >"$tmp/hostile.py" <<'EOF'
import sys, re, zipfile, openpyxl
path, long = sys.argv[1], sys.argv[2]
def check(name, cond, why=""):
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else ": " + why))
evil = '=HYPERLINK("http://x","y")'
wb = openpyxl.load_workbook(path)
names = wb.sheetnames
forms = [n for n in names if n.startswith("绩效-")]
check("four hostile form sheets", len(forms) == 4, str(names))
check("hostile sheet names valid",
      all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) and not n.endswith("'") for n in names), str(names))
check("names cut to 31 stay unique", len({n.lower() for n in names}) == len(names)
      and any(n.endswith("(2)") for n in forms), str(forms))
ws = wb['绩效-=HYPERLINK("http___x","y")']
cells = {c.value: c for r in ws.iter_rows() for c in r if c.value is not None}
c = cells.get(evil)
check("formula-like project name is a string", c is not None and c.data_type == "s", repr(c and c.data_type))
text = next((v for v in cells if isinstance(v, str) and v.startswith("@SUM(A1)")), None)
check("40,000-character text cut to 32,767", text is not None and len(text) == 32767
      and text == ("@SUM(A1)" + long)[:32767], str(text and len(text)))
check("text starting with @ is a string", text is not None and cells[text].data_type == "s")
t12 = [c for r in wb["表12"].iter_rows() for c in r if c.value == evil]
check("formula-like name in 表12 is a string", len(t12) == 1 and t12[0].data_type == "s")
for v in ("-1+1", "+1", "=1"):
    hits = [c for n in forms for r in wb[n].iter_rows() for c in r if c.value == v]
    check("text %r is a string" % v, len(hits) == 1 and hits[0].data_type == "s")
plan = [c for n in forms for r in wb[n].iter_rows() for c in r if c.value == "_x0041_"]
check("literal _x0041_ comes back as written", len(plan) == 4, str(len(plan)))
with zipfile.ZipFile(path) as z:
    sheets = [i for i in z.namelist() if i.startswith("xl/worksheets/sheet")]
    check("no formula anywhere", not any(b"<f>" in z.read(s) or b"<f " in z.read(s) for s in sheets))
    shared = z.read("xl/sharedStrings.xml").decode()
    check("literal _x0041_ stored escaped (_x005F_), so Excel shows it as written",
          "<t>_x005F_x0041_</t>" in shared and "<t>_x0041_</t>" not in shared)
EOF
"$PY" "$tmp/hostile.py" "$tmp/h/disclosure.xlsx" "$long" >"$tmp/py.out" 2>&1
pass=$((pass + $(grep -c '^PASS ' "$tmp/py.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/py.out")))
grep '^FAIL ' "$tmp/py.out"
if ! grep -q '^PASS ' "$tmp/py.out"; then bad "read-back of the hostile budget"; sed 's/^/  /' "$tmp/py.out" | tail -5; fi

finish
