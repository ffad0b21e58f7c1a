/*
** program.h: the program model that sema builds from the statements.
**
** Every amount is a Fact, written once at its own grain; every printed
** figure to verify is a Total (a filter over facts and the amount the
** document stated).  Projects, forms, the department-wide form, last
** year's figures, narrative claims and the catalogs are kept as written,
** each with its span, so checkers can point back at the source.
*/
#ifndef BUDGETC_PROGRAM_H
#define BUDGETC_PROGRAM_H

#include "budgetc.h"

/* Dimensions of the vocabulary; values are small integers, 0 = unset. */
#define VOCAB_DIMS(X) \
    X(DIM_SOURCE, "funding source") \
    X(DIM_YEAR, "year") \
    X(DIM_MEASURE, "measure") \
    X(DIM_KIND, "unit kind") \
    X(DIM_SANGONG, "\"三公\" category") \
    X(DIM_ATTR, "project attribute") \
    X(DIM_CATEGORY, "project category") \
    X(DIM_LEVEL1, "一级指标") \
    X(DIM_LEVEL2, "二级指标") \
    X(DIM_PERIOD, "period") \
    X(DIM_SIDE, "side") \
    X(DIM_UNIT_LEVEL, "unit level")

#define X(d, n) d,
typedef enum Dim { DIM_NONE, VOCAB_DIMS(X) DIM__COUNT } Dim;
#undef X

enum { SRC_GENERAL = 1, SRC_FUND, SRC_CAPITAL, SRC_SPECIAL, SRC_OWN, SRC_SOCIAL,
       SRC_BUSINESS, SRC_OPERATION, SRC_OTHER, SRC__N };
enum { YEAR_CURRENT = 1, YEAR_CARRIED };
enum { MEAS_BASIC = 1, MEAS_PERSONNEL, MEAS_PUBLIC, MEAS_PROJECT, MEAS_TOTAL };
enum { KIND_ADMIN = 1, KIND_INSTITUTION, KIND_CIVIL, KIND_ENTERPRISE };
enum { SG_ABROAD = 1, SG_RECEPTION, SG_VEHICLE_PURCHASE, SG_VEHICLE_OPERATION };
enum { SIDE_EXPENDITURE = 1, SIDE_INCOME };
enum { VIEW_FUNCTION = 1, VIEW_ECONOMIC, VIEW_PROJECT, VIEW_INCOME };
enum { PERIOD_IMPL = 1, PERIOD_ANNUAL };

/* One entry of the vocabulary: a word and the set of values it stands for. */
typedef struct VocabEntry {
    uint8_t dim;            /* Dim */
    uint16_t mask;          /* bit v set for each value v it covers */
    const char *word;       /* as written */
    const char *canonical;  /* the canonical (Chinese) form */
    uint8_t fact;           /* for a composite: the value a fact written
                            ** under it gets (基本支出 -> basic); 0 = none */
} VocabEntry;

int vocab_fact_value(const VocabEntry *e);

const VocabEntry *vocab_lookup(Compilation *cx, Atom a, int dim);
const VocabEntry *vocab_find(int dim, const char *word);
const char *vocab_name(int dim, int value);
const char *vocab_exact(int dim, uint16_t mask);
const char *vocab_dim_name(int dim);
char *vocab_list(Compilation *cx, int dim);

typedef struct Unit {
    const char *name;     /* full name, the key */
    const char *code;     /* or NULL */
    uint8_t kind;         /* KIND_* */
    bool own;             /* 本级 */
    Span span;            /* the unit statement */
} Unit;

/* An amount of money at its own grain. */
typedef struct Fact {
    Money amount;
    uint8_t side;         /* SIDE_* */
    uint8_t view;         /* VIEW_*: which kind of table wrote it */
    uint8_t source;       /* SRC_* or 0 */
    uint8_t year;         /* YEAR_* (default current) */
    uint8_t measure;      /* MEAS_* or 0 */
    uint8_t sangong;      /* SG_* or 0 */
    int32_t unit;         /* index into units, -1 = department level */
    int32_t project;      /* index into projects, -1 = none */
    const char *unit_name;/* the unit as written, resolved at the end */
    const char *func;     /* function code or NULL */
    const char *econ;     /* department economic code or NULL */
    const char *gov;      /* government economic code or NULL */
    const char *name;     /* the row's name as written, or NULL */
    const char *gov_name; /* the government code's name as written */
    Span span;            /* the cell */
    Span row;             /* the whole row */
} Fact;

/* Which facts a stated figure covers: every set field must match. */
typedef struct Filter {
    uint8_t side;         /* SIDE_* (0 = expenditure) */
    uint8_t view;         /* the view it was printed in, 0 = any */
    uint16_t sources;     /* mask of SRC_*, 0 = any */
    uint16_t years;       /* mask of YEAR_*, 0 = any */
    uint16_t measures;    /* mask of MEAS_*, 0 = any */
    uint16_t sangong;     /* mask of SG_*, 0 = any */
    bool operating;       /* 机关运行经费 */
    int32_t unit;         /* -1 = any */
    int32_t project;      /* -1 = any */
    const char *unit_name;    /* as written, resolved at the end */
    const char *project_name; /* as written, resolved at the end */
    Span unit_span, project_span; /* where they were written */
    const char *func;     /* code prefix or NULL */
    const char *econ;
    const char *gov;
} Filter;

typedef struct Total {
    Filter filter;
    Money amount;
    const char *label;    /* the wording printed beside it, or NULL */
    const char *name;     /* the row's name as written, or NULL */
    Span span;            /* the amount */
    Span row;             /* the statement */
} Total;

/* A KPI indicator value, as written. */
typedef struct Indicator {
    uint8_t period;       /* PERIOD_* */
    uint8_t level1;       /* value in DIM_LEVEL1 */
    uint8_t level2;       /* value in DIM_LEVEL2 */
    const char *name;     /* 三级指标 */
    const char *op;       /* comparison as written, or NULL */
    uint8_t value_kind;   /* TK_NUMBER, TK_WORD or TK_STRING; 0 = blank */
    const char *value;    /* the value's text (unescaped for strings) */
    Span span;            /* the line */
    Span value_span;      /* the value (with its operator) */
    const char *quantity; /* 'as KEY': the quantity it measures, or NULL */
} Indicator;

/* A row of a form's 项目资金 table. */
typedef struct FundRow {
    const char *name;     /* 总额, 中央财政资金, ... */
    Money period;         /* 实施期; unit 0 when blank */
    Money year;           /* 年度; unit 0 when blank */
    Span span;
} FundRow;

/* A named text with its span: duties, fields, paragraphs. */
typedef struct Text {
    const char *key;      /* field name, or NULL for a list item */
    const char *value;
    Span span;
} Text;

typedef struct Form {
    Span span;                  /* the form block */
    const char *title;          /* when it differs from the project name */
    const char *authority;      /* 主管部门及代码 */
    uint8_t attribute;          /* DIM_ATTR value */
    const char *attribute_text; /* as printed */
    const char *period;         /* 项目期 as written */
    VEC(FundRow) funds;
    VEC(Text) fields;           /* overview, basis, ... */
    const char *goal_period, *goal_year;
    VEC(Indicator) indicators;
    const char *filed;
} Form;

typedef struct Project {
    const char *name;
    int32_t unit;             /* index into units, -1 until resolved */
    const char *unit_name;    /* as written */
    Span unit_span;
    uint8_t category;         /* DIM_CATEGORY value */
    const char *func;         /* or NULL */
    Form *form;               /* or NULL when none was published */
    Span span;
} Project;

/* The department-wide KPI form. */
typedef struct Performance {
    Span span;
    const char *authority;
    int32_t offices, units;     /* -1 when not stated */
    int32_t staff[4];           /* authorized, employed, established, other */
    VEC(Text) fields;           /* duties, strategy, goal */
    VEC(Text) tasks;            /* key = task, value = text */
    VEC(Total) funds;           /* the funding box, as stated totals */
    VEC(Indicator) indicators;
} Performance;

/* A claim the prose makes: key, optional argument, atoms as written. */
typedef struct Claim {
    const char *section;      /* 一, 二, ... */
    const char *key;
    Atom *atoms;              /* the values after the key */
    uint32_t natoms;
    Span span;
} Claim;

typedef struct PriorFigure {
    Filter filter;
    const char *what;         /* the terms as written, for messages */
    Money amount;
    Span span;
} PriorFigure;

typedef struct CatalogEntry {
    const char *code;
    const char *name;
    Span span;
} CatalogEntry;

typedef struct Catalog {
    const char *kind;          /* function, economic, government */
    const char *edition;
    VEC(CatalogEntry) entries;
    Span span;
} Catalog;

typedef struct MappingEntry {
    const char *econ;          /* department economic code */
    uint8_t kind;              /* unit kind it applies to */
    const char *gov;           /* government economic code */
    Span span;
} MappingEntry;

/* ---- layouts: how a jurisdiction prints its disclosure (docs/layouts.md) */

enum { COL_CODE = 1, COL_NAME, COL_GOV_NAME, COL_SUM, COL_GROUP };
enum { ROWS_FUNCTION = 1, ROWS_ECONOMIC, ROWS_PAIRS, ROWS_CLASSES,
       ROWS_PROJECTS, ROWS_UNITS, ROW_FIXED };

typedef struct LColumn LColumn;
typedef VEC(LColumn) LColumnVec;
struct LColumn {
    const char *heading;      /* template text */
    uint8_t kind;             /* COL_* */
    uint8_t part;             /* COL_CODE: 0 whole, 1 类, 2 款, 3 项 digits */
    Filter filter;            /* COL_SUM */
    LColumnVec children;      /* COL_GROUP */
    Span span;
};

typedef struct LRows {
    uint8_t kind;             /* ROWS_* or ROW_FIXED */
    Filter filter;            /* 'where' terms, or a fixed row's terms */
    const char *label;        /* fixed row label, or the total row's */
    uint8_t total;            /* 0 none, 1 first, 2 last */
    bool blank;               /* a fixed row printed without figures */
    bool numbered;            /* classes numbered 一、二、 */
    uint16_t kinds;           /* ROWS_UNITS: mask of unit kinds, 0 = all */
    Span span;
} LRows;

typedef VEC(LRows) LRowsVec;

typedef struct LSide {
    LColumnVec columns;       /* top-level columns and groups */
    LRowsVec rows;
    LRowsVec foot;            /* rows aligned at the bottom */
} LSide;

typedef struct LTable {
    int32_t number;
    const char *title;        /* template */
    const char *label;        /* printed label, or NULL */
    Filter where;             /* on every cell */
    LSide sides[2];
    uint32_t nsides;
    bool explicit_sides;      /* written with 'side' blocks */
    const char *empty;        /* note when the table has no money */
    VEC(const char *) notes;  /* printed under the table */
    bool numbered_columns;    /* a 1 2 3 ... row under the headings */
    MoneyUnit unit;           /* displayed unit, or UNIT_NONE: the layout's */
    int32_t decimals;         /* with unit */
    Span span;
} LTable;

typedef struct LProse {
    const char *title;
    VEC(Text) paragraphs;     /* templates */
    Span span;
} LProse;

typedef struct Layout {
    const char *name;
    const char *province;     /* chosen by default for this province */
    const char *title;        /* the document's title template */
    const char *caption;      /* above each table, left */
    const char *unit_caption; /* above each table, right */
    MoneyUnit unit;           /* displayed unit */
    int32_t decimals;         /* displayed decimals */
    bool spaced_codes;        /* 206 01 01 */
    bool total_in_name;       /* a 合计 row's label goes in the name column */
    VEC(LTable) tables;
    VEC(LProse) prose;
    Span span;
} Layout;

struct Program {
    const char *dept_name;
    const char *dept_code;
    int32_t year;
    const char *province;
    Span dept_span;
    VEC(Text) duties;
    VEC(Text) offices;
    int32_t staff[4];          /* -1 when not stated */
    VEC(Unit) units;
    VEC(Fact) facts;
    VEC(Total) totals;
    VEC(Project) projects;
    Performance *performance;
    VEC(PriorFigure) prior;
    int32_t prior_year;
    VEC(Text) reasons;         /* key = the terms, value = reason */
    VEC(Total) procurement;    /* goods, works, services as stated */
    VEC(struct Claim) assets;  /* key = item, atoms = figures as written */
    VEC(Claim) claims;
    VEC(Text) sections;        /* key = title, value = paragraph */
    VEC(Catalog *) catalogs;
    VEC(MappingEntry) mapping;
    VEC(Text) glossary;
    VEC(const char *) modules; /* imported module names */
    VEC(Layout *) layouts;     /* every layout the imports declare */
    struct Checker *checker;   /* built by chk_prepare, shared */
    bool units_inferred;       /* consolidated: each department's facts got
                               ** their units in its own compile */
};

/* An @allow annotation: diagnostics of this code inside span are dropped. */
typedef struct Allow {
    DiagCode code;
    Span span;                /* the statement it applies to */
    const char *reason;
} Allow;

#endif
