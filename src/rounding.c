/*
** rounding.c: --rounding=balanced.
**
** Half-up rounding shows every figure as close to its exact value as the
** displayed precision allows, so the printed parts of a total may miss the
** printed total by a step or two (尾差).  Balanced rounding keeps every
** total as rounded and moves the fewest parts by one step each, choosing
** the parts whose rounding went furthest in the direction that has to be
** undone, so every printed total adds up; each move is reported.  Rows are
** balanced top down (a total against its 类, a 类 against its 款 …), each
** money column on its own; ties go to the earlier row, so the result is
** deterministic.
*/
#include "budgetc.h"
#include "table.h"

#include <stdlib.h>

static int64_t step_of(const TableOut *t)
{
    int64_t step = t->unit == UNIT_WANYUAN ? 1000000 : 100;
    for (int i = 0; i < t->decimals; i++)
        step /= 10;
    return step ? step : 1;
}

/* Move `moves` steps (signed) among the children of row p in column c. */
static void balance_children(Document *d, TableOut *t, uint32_t p, uint32_t c,
                             int64_t moves, int64_t step)
{
    int sign = moves > 0 ? 1 : -1;
    for (int64_t m = 0; m < llabs(moves); m++) {
        int32_t best = -1;
        int64_t best_res = 0;
        for (uint32_t r = p + 1; r < t->rows.n; r++) {
            TCell *x = &t->rows.v[r].cells[c];
            if (t->rows.v[r].parent != (int32_t)p || x->kind != TC_AMOUNT ||
                x->adjusted)
                continue;
            int64_t res = (x->fen - x->shown) * sign;  /* room to move */
            if (best < 0 || res > best_res) {
                best = (int32_t)r;
                best_res = res;
            }
        }
        if (best < 0)
            return;                 /* nothing left to move: leave the tail */
        TCell *x = &t->rows.v[best].cells[c];
        x->shown += sign * step;
        x->adjusted = true;
        const TCell *label = &t->rows.v[best].cells[0];
        vec_push(d->cx, &d->adjustments,
                 arena_printf(d->cx, "table %d, row '%s', column '%s': %s -> %s",
                              t->number, label->kind == TC_TEXT ? label->text : "",
                              t->cols[c].heading,
                              table_amount(d, t, x->shown - sign * step, false),
                              table_amount(d, t, x->shown, false)));
    }
}

void rounding_balance(Document *d, TableOut *t)
{
    int64_t step = step_of(t);
    for (uint32_t c = 0; c < t->ncols; c++) {
        for (uint32_t p = 0; p < t->rows.n; p++) {
            const TCell *pc = &t->rows.v[p].cells[c];
            if (pc->kind != TC_AMOUNT)
                continue;
            int64_t sum = 0;
            bool any = false;
            for (uint32_t r = p + 1; r < t->rows.n; r++) {
                const TCell *x = &t->rows.v[r].cells[c];
                if (t->rows.v[r].parent == (int32_t)p && x->kind == TC_AMOUNT) {
                    sum += x->shown;
                    any = true;
                }
            }
            if (any && sum != pc->shown)
                balance_children(d, t, p, c, (pc->shown - sum) / step, step);
        }
    }
}
