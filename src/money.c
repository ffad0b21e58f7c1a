/*
** money.c: exact amounts.
**
** Money is int64_t fen (分).  A literal is split into sign, digits and a
** unit suffix by hand-written code (not the grammar), converted without
** ever touching floating point, and every step is overflow-checked: an
** out-of-range literal is a diagnostic, never a wrap.
*/
#include "budgetc.h"

#include <string.h>

/* Split a number token's text: [+-] digits [,ddd]* [.digits] [suffix].
** The digits (without separators) are copied into buf. */
NumStatus num_split(const char *s, uint32_t n, Numeral *out, char *buf,
                    size_t bufsize)
{
    uint32_t i = 0, k = 0;
    memset(out, 0, sizeof *out);
    if (i < n && (s[i] == '-' || s[i] == '+'))
        out->neg = s[i++] == '-';
    if (i >= n || s[i] < '0' || s[i] > '9')
        return NUM_MALFORMED;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')) {
        if (s[i] != ',') {
            if (k + 1 >= bufsize)
                return NUM_OVERFLOW;
            buf[k++] = s[i];
            out->nint++;
        }
        i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (k + 1 >= bufsize)
                return NUM_OVERFLOW;
            buf[k++] = s[i++];
            out->nfrac++;
        }
        if (out->nfrac == 0)
            return NUM_MALFORMED;
    }
    buf[k] = 0;
    out->digits = buf;
    out->suffix = s + i;
    out->nsuffix = n - i;
    return NUM_OK;
}

MoneyUnit money_unit_from(const char *s, uint32_t n)
{
    if (n == 3 && memcmp(s, "元", 3) == 0)
        return UNIT_YUAN;
    if (n == 6 && memcmp(s, "万元", 6) == 0)
        return UNIT_WANYUAN;
    return UNIT_NONE;
}

const char *money_unit_name(MoneyUnit u)
{
    static const char *const names[] = { "", "分", "元", "万元" };
    return names[u];
}

/* fen per unit, and how many decimals the unit allows down to one fen */
static const int64_t unit_fen[] = { 0, 1, 100, 1000000 };
static const uint32_t unit_places[] = { 0, 0, 2, 6 };

bool money_add(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

NumStatus money_from_numeral(const Numeral *nm, MoneyUnit unit, Money *out)
{
    if (unit == UNIT_NONE)
        return NUM_MALFORMED;
    if (nm->nfrac > unit_places[unit]) {
        /* extra decimals are fine only when they are zeros */
        for (uint32_t i = nm->nint + unit_places[unit];
             i < nm->nint + nm->nfrac; i++)
            if (nm->digits[i] != '0')
                return NUM_TOO_FINE;
    }
    int64_t v = 0;
    uint32_t total = nm->nint + unit_places[unit];
    for (uint32_t i = 0; i < total; i++) {
        int d = i < nm->nint + nm->nfrac ? nm->digits[i] - '0' : 0;
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
            return NUM_OVERFLOW;
    }
    /* v is in fen: unit_fen[unit] == 10^unit_places[unit] for every unit */
    if (nm->neg)
        v = -v;
    out->fen = v;
    out->unit = (uint8_t)unit;
    out->decimals = (uint8_t)(nm->nfrac > 255 ? 255 : nm->nfrac);
    return NUM_OK;
}

/* Half a unit in the last place the amount was written with: the exact
** value it stands for lies within +- this many fen. */
int64_t money_tolerance(Money m)
{
    if (m.unit == UNIT_NONE)
        return 0;
    int64_t ulp = unit_fen[m.unit];
    for (uint32_t i = 0; i < m.decimals && ulp > 1; i++)
        ulp /= 10;
    return ulp / 2;
}

/* v in decimal into buf (at least 21 bytes, not NUL-terminated); returns
** the length.  The writers' numbers, without printf. */
size_t fmt_u64(char *buf, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    memcpy(buf, tmp + sizeof tmp - n, n);
    return n;
}

/* Format fen in a unit with a number of decimals, rounding half away from
** zero, into buf (MONEY_TEXT_MAX bytes, NUL-terminated); returns the
** length.  With separators 11169500 fen, 万元, 2 -> "1,116.95", without
** "1116.95".  No printf: the writers format a number per table cell. */
size_t money_format_to(char *buf, int64_t fen, MoneyUnit unit, int decimals,
                       bool separators)
{
    if (!unit)
        unit = UNIT_YUAN;
    if (decimals > (int)unit_places[unit])
        decimals = (int)unit_places[unit];
    int64_t per = unit_fen[unit];
    int64_t step = per;
    for (int i = 0; i < decimals && step > 1; i++)
        step /= 10;
    bool neg = fen < 0;
    uint64_t a = neg ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t q = (a + (uint64_t)step / 2) / (uint64_t)step;   /* in steps */
    uint64_t scale = (uint64_t)(per / step);
    uint64_t ip = q / scale, fp = q % scale;
    char d[24];
    int nd = (int)fmt_u64(d, ip);
    size_t k = 0;
    if (neg && q)
        buf[k++] = '-';
    for (int i = 0; i < nd; i++) {
        if (separators && i && (nd - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = d[i];
    }
    if (decimals > 0) {
        buf[k++] = '.';
        for (int i = decimals - 1; i >= 0; i--, fp /= 10)
            buf[k + (size_t)i] = (char)('0' + fp % 10);
        k += (size_t)decimals;
    }
    buf[k] = 0;
    return k;
}

/* money_format_to with separators, in the arena. */
char *money_format(Compilation *cx, int64_t fen, MoneyUnit unit, int decimals)
{
    char out[MONEY_TEXT_MAX];
    size_t k = money_format_to(out, fen, unit, decimals, true);
    return arena_strndup(cx, out, k);
}

/* A numeral times 100, as an integer: "3.88%" -> 388, "100" -> 10000.
** Digits finer than 0.01 round away from zero, so 100.001% is above
** 100%.  False when it does not fit. */
bool num_hundredths(const Numeral *nm, int64_t *out)
{
    if (nm->nint > 12)
        return false;
    const char *d = nm->digits;
    int64_t x = 0;
    for (uint32_t i = 0; i < nm->nint; i++)
        x = x * 10 + (d[i] - '0');
    x *= 100;
    if (nm->nfrac >= 1)
        x += (d[nm->nint] - '0') * 10;
    if (nm->nfrac >= 2)
        x += d[nm->nint + 1] - '0';
    for (uint32_t i = 2; i < nm->nfrac; i++)
        if (d[nm->nint + i] != '0') {
            x++;
            break;
        }
    *out = nm->neg ? -x : x;
    return true;
}
