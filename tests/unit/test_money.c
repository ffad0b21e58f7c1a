/*
** test_money.c: exact amounts: every literal form, overflow, precision,
** tolerance and formatting.
*/
#include "helpers.h"

static NumStatus parse(const char *s, MoneyUnit dflt, Money *m)
{
    char buf[64];
    Numeral nm;
    NumStatus st = num_split(s, (uint32_t)strlen(s), &nm, buf, sizeof buf);
    if (st != NUM_OK)
        return st;
    MoneyUnit u = nm.nsuffix ? money_unit_from(nm.suffix, nm.nsuffix) : dflt;
    return money_from_numeral(&nm, u, m);
}

static void test_forms(void **state)
{
    (void)state;
    Money m;
    assert_int_equal(parse("1116.95万元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 1116950000);
    assert_int_equal(m.unit, UNIT_WANYUAN);
    assert_int_equal(m.decimals, 2);
    assert_int_equal(parse("1,116.95", UNIT_WANYUAN, &m), NUM_OK);
    assert_int_equal(m.fen, 1116950000);
    assert_int_equal(parse("105,000元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 10500000);
    assert_int_equal(m.decimals, 0);
    assert_int_equal(parse("22,194.98元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 2219498);
    assert_int_equal(parse("32,364.8元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 3236480);
    assert_int_equal(m.decimals, 1);
    assert_int_equal(parse("-3.50万元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, -3500000);
    assert_int_equal(parse("176050.00元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 17605000);
    assert_int_equal(parse("0.000001万元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, 1);
}

static void test_precision_and_overflow(void **state)
{
    (void)state;
    Money m;
    assert_int_equal(parse("1.001元", UNIT_NONE, &m), NUM_TOO_FINE);
    assert_int_equal(parse("1.0010元", UNIT_NONE, &m), NUM_TOO_FINE);
    assert_int_equal(parse("1.000元", UNIT_NONE, &m), NUM_OK);  /* zeros are fine */
    assert_int_equal(parse("0.0000001万元", UNIT_NONE, &m), NUM_TOO_FINE);
    assert_int_equal(parse("92233720368547758.07元", UNIT_NONE, &m), NUM_OK);
    assert_int_equal(m.fen, INT64_MAX);
    assert_int_equal(parse("92233720368547758.08元", UNIT_NONE, &m), NUM_OVERFLOW);
    assert_int_equal(parse("99999999999999999999999999万元", UNIT_NONE, &m),
                     NUM_OVERFLOW);
    assert_int_equal(parse("12", UNIT_NONE, &m), NUM_MALFORMED);   /* no unit */
    assert_int_equal(parse("1.", UNIT_YUAN, &m), NUM_MALFORMED);
}

static void test_tolerance(void **state)
{
    (void)state;
    Money m;
    parse("1116.95万元", UNIT_NONE, &m);
    assert_int_equal(money_tolerance(m), 5000);     /* 50 元 */
    parse("105,000元", UNIT_NONE, &m);
    assert_int_equal(money_tolerance(m), 50);       /* 0.50 元 */
    parse("22,194.98元", UNIT_NONE, &m);
    assert_int_equal(money_tolerance(m), 0);        /* exact to the fen */
    parse("3万元", UNIT_NONE, &m);
    assert_int_equal(money_tolerance(m), 500000);   /* 5,000 元 */
}

static void test_format(void **state)
{
    (void)state;
    Compilation *cx = cx_new(NULL, NULL, NULL);
    assert_string_equal(money_format(cx, 1116950000, UNIT_WANYUAN, 2), "1,116.95");
    assert_string_equal(money_format(cx, 17605000, UNIT_WANYUAN, 2), "17.61");
    assert_string_equal(money_format(cx, 2219498, UNIT_WANYUAN, 2), "2.22");
    assert_string_equal(money_format(cx, 4095000, UNIT_WANYUAN, 2), "4.10");
    assert_string_equal(money_format(cx, -3500000, UNIT_WANYUAN, 2), "-3.50");
    assert_string_equal(money_format(cx, 10500000, UNIT_YUAN, 2), "105,000.00");
    assert_string_equal(money_format(cx, 0, UNIT_WANYUAN, 2), "0.00");
    assert_string_equal(money_format(cx, 4999, UNIT_WANYUAN, 2), "0.00");
    assert_string_equal(money_format(cx, 5000, UNIT_WANYUAN, 2), "0.01");
    assert_string_equal(money_format(cx, INT64_MIN, UNIT_YUAN, 2),
                        "-92,233,720,368,547,758.08");
    assert_string_equal(money_format(cx, 123456789, UNIT_WANYUAN, 6), "123.456789");
    assert_string_equal(money_format(cx, 12345678, UNIT_WANYUAN, 0), "12");
    cx_free(cx);
}

/* The writers' form: into a buffer, separators optional, the length back. */
static void test_format_to(void **state)
{
    (void)state;
    char b[MONEY_TEXT_MAX];
    assert_int_equal(money_format_to(b, 1116950000, UNIT_WANYUAN, 2, false), 7);
    assert_string_equal(b, "1116.95");
    assert_int_equal(money_format_to(b, -1234567890, UNIT_YUAN, 2, true), 14);
    assert_string_equal(b, "-12,345,678.90");
    money_format_to(b, -4999, UNIT_WANYUAN, 2, false);
    assert_string_equal(b, "0.00");             /* rounds to zero: no sign */
    money_format_to(b, 100, UNIT_NONE, 2, false);
    assert_string_equal(b, "1.00");             /* no unit: 元 */
    assert_int_equal(fmt_u64(b, 0), 1);
    assert_memory_equal(b, "0", 1);
    assert_int_equal(fmt_u64(b, UINT64_MAX), 20);
    assert_memory_equal(b, "18446744073709551615", 20);
}

static void test_add_overflow(void **state)
{
    (void)state;
    int64_t r;
    assert_true(money_add(1, 2, &r));
    assert_int_equal(r, 3);
    assert_false(money_add(INT64_MAX, 1, &r));
    assert_false(money_add(INT64_MIN, -1, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_precision_and_overflow),
        cmocka_unit_test(test_tolerance),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_to),
        cmocka_unit_test(test_add_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
