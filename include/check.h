/*
** check.h: what the checkers share.
**
** The checkers run over the program model, never over rendered tables.
** A stated figure is compared with the sum of the facts its filter
** covers, in every view (function, economic, project, income) that can
** compute it; the tolerance is what the stated figure's and its parts'
** precision allows, so rounding tails (尾差) are told from real errors.
*/
#ifndef BUDGETC_CHECK_H
#define BUDGETC_CHECK_H

#include "budgetc.h"
#include "program.h"

/* One classification, merged from every catalog of its kind, sorted. */
typedef struct CatIndex {
    const CatalogEntry **v;   /* sorted by code */
    uint32_t n;
    uint64_t *key;            /* hash table of the codes of digits only,
                              ** as fx_code_key; 0: an empty slot */
    const CatalogEntry **kv;  /* their entries, slot by slot */
    uint32_t cap;             /* slots, a power of two; 0: none */
} CatIndex;

/* The result of summing facts. */
typedef struct Sum {
    int64_t fen;              /* exact sum */
    int64_t tol;              /* sum of the parts' rounding tolerances */
    uint32_t nparts;          /* facts summed */
    bool overflow;            /* the sum left int64 */
    uint32_t first;           /* index of the first contributing fact */
} Sum;

typedef struct FactIndex FactIndex;
typedef struct Wanted Wanted;

/* A rounding tail already reported. */
typedef struct TailSeen {
    uint8_t view;
    uint32_t nparts, first;
    int64_t sum, stated;
} TailSeen;

/* A stated total's sum in one view, kept once computed (chk_narrative). */
typedef struct TotalSum {
    uint32_t total;           /* index into totals + 1; 0: an empty slot */
    uint8_t view;
    Sum sum;
} TotalSum;

typedef struct Checker {
    Compilation *cx;
    Program *p;
    CatIndex func, econ, gov; /* merged catalogs */
    uint32_t nviews[VIEW_INCOME + 1]; /* facts per view */
    uint32_t nunits[VIEW_INCOME + 1]; /* facts per view that know their unit */
    VEC(TailSeen) tails;      /* rounding tails reported */
    bool facts_only;          /* derive from facts only, never a stated
                              ** figure (for generated prose) */
    FactIndex *ix;            /* facts sorted, with class and group sums */
    TotalSum *total_sums;     /* stated totals' sums, as computed: a hash */
    uint32_t total_sums_cap;  /* its slots, a power of two (or 0) */
    uint32_t total_sums_used; /* slots in use */
    Sum *project_sums;        /* each project's current-year sum, or NULL */
    VEC(const char *) items[2];  /* economic names with money, in order of
                              ** their first fact: 人员经费, 公用经费 */
    bool items_done;          /* items collected */
    Wanted *wanted;           /* the sums the claims derive, with the
                              ** stated totals near each (chk_narrative) */
    uint32_t nwanted;         /* how many */
    bool collecting;          /* deriving the claims only to list their sums */
    uint32_t *totals_by_amount;   /* stated totals sorted by printed amount,
                                  ** for a sum not in `wanted` */
    int64_t max_total_tol;    /* the largest tolerance among them */
} Checker;

#define B(v) (uint16_t)(1u << (v))
#define MEAS_BASIC_SET (B(MEAS_BASIC) | B(MEAS_PERSONNEL) | B(MEAS_PUBLIC))

void check_program(Compilation *cx);
Checker *chk_prepare(Compilation *cx);
int chk_cell_view(const Checker *k, const Filter *f);
bool chk_sangong_open(const Checker *k);
bool chk_filter_meet(const Filter *a, const Filter *b, Filter *out);

bool chk_match(const Checker *k, const Fact *f, const Filter *flt);
uint64_t fx_code_key(const char *code);
void fx_sort(Compilation *cx, uint32_t *val, uint32_t n,
             uint64_t (*key)(void *ud, uint32_t i), void *ud);
FactIndex *fx_build(Compilation *cx, const Checker *k, const Program *p);
Sum fx_sum(const Checker *k, const Filter *flt, int view);
uint32_t fx_each(const Checker *k, const Filter *flt, int view, uint32_t *out,
                 uint32_t max);
bool chk_view_can(const Checker *k, int view, const Filter *flt);
Sum chk_sum(const Checker *k, const Filter *flt, int view);
void chk_note_parts(Checker *k, Diag *d, const Filter *flt, int view);
const CatalogEntry *chk_cat(const CatIndex *ix, const char *code);
char *chk_amount(Checker *k, int64_t fen, const Money *like);
bool chk_unit_admin(const Checker *k, const Fact *f);
const char *chk_view_name(int view);

/* A narrative quantity, for the generated prose (chk_narrative.c). */
enum { NV_MONEY = 1, NV_COUNT, NV_PERCENT };
typedef struct NarrValue {
    int kind;              /* NV_* */
    int64_t fen;           /* NV_MONEY */
    int64_t count;         /* NV_COUNT; NV_PERCENT in hundredths */
    bool has_base;         /* a share applies */
    int64_t base;
    bool has_prior;        /* last year's figure is known */
    int64_t prior;
} NarrValue;

bool narr_derive(Checker *k, const char *key, const char *arg, NarrValue *out);

void chk_arith(Checker *k);
void chk_class(Checker *k);
void chk_kpi(Checker *k);
void chk_narrative(Checker *k);
void chk_consistency(Checker *k);

#endif
