/*
** chk_consistency.c: what the document says in several places says the
** same thing everywhere: the department's code and name on every form
** (RULES S6, K9), and the counts of offices, units and staff (K8, N12).
*/
#include "budgetc.h"
#include "check.h"

#include <string.h>

/* "055-大同市科学技术局[部门]": the code before the first '-' and the name. */
/* Where the authority is written: a project's form, or the department's
** (pr NULL).  Made only for a message: there is a form per project. */
static const char *form_of(Checker *k, const Project *pr)
{
    return pr ? arena_printf(k->cx, "the form of '%s'", pr->name)
              : "the department-wide form";
}

static void check_authority(Checker *k, const char *auth, Span at,
                            const Project *pr)
{
    Program *p = k->p;
    if (!auth || !p->dept_name)
        return;
    const char *dash = strchr(auth, '-');
    size_t clen = dash ? (size_t)(dash - auth) : 0;
    const char *name = dash ? dash + 1 : auth;
    if (p->dept_code && dash &&
        (strlen(p->dept_code) != clen || strncmp(auth, p->dept_code, clen) != 0)) {
        Diag *d = diag_emit(k->cx, E0702, at, "%s gives department code '%.*s' "
                            "but the department's code is '%s'", form_of(k, pr),
                            (int)clen, auth, p->dept_code);
        diag_note(k->cx, d, p->dept_span, "the department is declared here");
    }
    if (strcmp(name, p->dept_name) != 0) {
        Diag *d = diag_emit(k->cx, E0702, at, "%s names the department '%s' "
                            "but it is '%s'", form_of(k, pr), name,
                            p->dept_name);
        diag_note(k->cx, d, p->dept_span, "the department is declared here");
    }
}

static void check_count(Checker *k, int64_t stated, int64_t actual, Span at,
                        const char *what)
{
    if (stated >= 0 && actual >= 0 && stated != actual)
        diag_emit(k->cx, E0701, at, "%s is %lld here but %lld elsewhere in "
                  "the budget", what, (long long)stated, (long long)actual);
}

void chk_consistency(Checker *k)
{
    Program *p = k->p;
    for (uint32_t i = 0; i < p->projects.n; i++) {
        const Project *pr = &p->projects.v[i];
        if (pr->form)
            check_authority(k, pr->form->authority, pr->form->span, pr);
    }
    const Performance *pf = p->performance;
    if (!pf)
        return;
    check_authority(k, pf->authority, pf->span, NULL);
    if (p->offices.n)
        check_count(k, pf->offices, p->offices.n, pf->span,
                    "the number of internal offices (内设职能部门数)");
    check_count(k, pf->units, p->units.n, pf->span,
                "the number of budget units (所属预算单位数)");
    static const char *const staff[] = { "核定的人员编制数", "实际在职人员总数",
                                         "在编人员数", "其他人员数" };
    for (int i = 0; i < 4; i++)
        check_count(k, pf->staff[i], p->staff[i], pf->span,
                    arena_printf(k->cx, "%s", staff[i]));
}
