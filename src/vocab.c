/*
** vocab.c: the fixed words of the language (sources, measures, unit
** kinds, KPI levels, ...) in one table.  Each word maps to a set of values
** of one dimension, so a composite such as 财政拨款 (the three fiscal
** sources) is a word like any other.
*/
#include "budgetc.h"
#include "program.h"

#include <pthread.h>
#include <string.h>

#define B(v) (uint16_t)(1u << (v))

static const VocabEntry vocab[] = {
    { DIM_SOURCE, B(SRC_GENERAL), "一般公共预算", "一般公共预算", 0 },
    { DIM_SOURCE, B(SRC_GENERAL), "general", "一般公共预算", 0 },
    { DIM_SOURCE, B(SRC_FUND), "政府性基金预算", "政府性基金预算", 0 },
    { DIM_SOURCE, B(SRC_FUND), "政府性基金", "政府性基金预算", 0 },
    { DIM_SOURCE, B(SRC_FUND), "fund", "政府性基金预算", 0 },
    { DIM_SOURCE, B(SRC_CAPITAL), "国有资本经营预算", "国有资本经营预算", 0 },
    { DIM_SOURCE, B(SRC_CAPITAL), "capital", "国有资本经营预算", 0 },
    { DIM_SOURCE, B(SRC_SPECIAL), "财政专户管理资金", "财政专户管理资金", 0 },
    { DIM_SOURCE, B(SRC_SPECIAL), "special-account", "财政专户管理资金", 0 },
    { DIM_SOURCE, B(SRC_SPECIAL), "专户管理资金", "财政专户管理资金", 0 },
#define OWN_ALL (B(SRC_OWN) | B(SRC_BUSINESS) | B(SRC_OPERATION) | B(SRC_OTHER))
    { DIM_SOURCE, OWN_ALL, "单位资金", "单位资金", SRC_OWN },
    { DIM_SOURCE, OWN_ALL, "own", "单位资金", SRC_OWN },
    { DIM_SOURCE, B(SRC_OWN), "其他单位资金", "其他单位资金", 0 },
    { DIM_SOURCE, B(SRC_BUSINESS), "事业收入", "事业收入", 0 },
    { DIM_SOURCE, B(SRC_OPERATION), "事业单位经营收入", "事业单位经营收入", 0 },
    { DIM_SOURCE, B(SRC_OTHER), "其他收入", "其他收入", 0 },
    { DIM_SOURCE, B(SRC_SOCIAL), "社会保险基金预算", "社会保险基金预算", 0 },
    { DIM_SOURCE, B(SRC_GENERAL) | B(SRC_FUND) | B(SRC_CAPITAL), "财政拨款", "财政拨款", 0 },
    { DIM_SOURCE, B(SRC_GENERAL) | B(SRC_FUND) | B(SRC_CAPITAL), "fiscal", "财政拨款", 0 },
    { DIM_YEAR, B(YEAR_CURRENT), "当年", "当年", 0 },
    { DIM_YEAR, B(YEAR_CURRENT), "当年预算安排", "当年", 0 },
    { DIM_YEAR, B(YEAR_CURRENT), "本年", "当年", 0 },
    { DIM_YEAR, B(YEAR_CURRENT), "current", "当年", 0 },
    { DIM_YEAR, B(YEAR_CARRIED), "上年结转", "上年结转", 0 },
    { DIM_YEAR, B(YEAR_CARRIED), "carried", "上年结转", 0 },
    { DIM_MEASURE, B(MEAS_BASIC) | B(MEAS_PERSONNEL) | B(MEAS_PUBLIC), "基本支出", "基本支出", MEAS_BASIC },
    { DIM_MEASURE, B(MEAS_BASIC) | B(MEAS_PERSONNEL) | B(MEAS_PUBLIC), "basic", "基本支出", MEAS_BASIC },
    { DIM_MEASURE, B(MEAS_PROJECT), "项目支出", "项目支出", 0 },
    { DIM_MEASURE, B(MEAS_PROJECT), "project", "项目支出", 0 },
    { DIM_MEASURE, B(MEAS_PERSONNEL), "人员经费", "人员经费", 0 },
    { DIM_MEASURE, B(MEAS_PERSONNEL), "personnel", "人员经费", 0 },
    { DIM_MEASURE, B(MEAS_PUBLIC), "公用经费", "公用经费", 0 },
    { DIM_MEASURE, B(MEAS_PUBLIC), "public", "公用经费", 0 },
    { DIM_MEASURE, B(MEAS_TOTAL), "合计", "合计", 0 },
    { DIM_MEASURE, B(MEAS_TOTAL), "小计", "合计", 0 },
    { DIM_MEASURE, B(MEAS_TOTAL), "total", "合计", 0 },
    { DIM_KIND, B(KIND_ADMIN), "行政", "行政", 0 },
    { DIM_KIND, B(KIND_ADMIN), "administrative", "行政", 0 },
    { DIM_KIND, B(KIND_INSTITUTION), "事业", "事业", 0 },
    { DIM_KIND, B(KIND_INSTITUTION), "institution", "事业", 0 },
    { DIM_KIND, B(KIND_CIVIL), "参公", "参公", 0 },
    { DIM_KIND, B(KIND_CIVIL), "civil-service-managed", "参公", 0 },
    { DIM_KIND, B(KIND_ENTERPRISE), "企业", "企业", 0 },
    { DIM_KIND, B(KIND_ENTERPRISE), "enterprise", "企业", 0 },
    { DIM_SANGONG, B(SG_ABROAD), "因公出国（境）费", "因公出国（境）费", 0 },
    { DIM_SANGONG, B(SG_ABROAD), "abroad", "因公出国（境）费", 0 },
    { DIM_SANGONG, B(SG_RECEPTION), "公务接待费", "公务接待费", 0 },
    { DIM_SANGONG, B(SG_RECEPTION), "reception", "公务接待费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_PURCHASE), "公务用车购置费", "公务用车购置费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_PURCHASE), "vehicle-purchase", "公务用车购置费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_OPERATION), "公务用车运行维护费", "公务用车运行维护费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_OPERATION), "vehicle-operation", "公务用车运行维护费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_PURCHASE) | B(SG_VEHICLE_OPERATION), "公务用车购置及运行费", "公务用车购置及运行费", 0 },
    { DIM_SANGONG, B(SG_VEHICLE_PURCHASE) | B(SG_VEHICLE_OPERATION), "vehicles", "公务用车购置及运行费", 0 },
    { DIM_SANGONG, B(SG_ABROAD) | B(SG_RECEPTION) | B(SG_VEHICLE_PURCHASE) | B(SG_VEHICLE_OPERATION), "三公", "三公", 0 },
    { DIM_SANGONG, B(SG_ABROAD) | B(SG_RECEPTION) | B(SG_VEHICLE_PURCHASE) | B(SG_VEHICLE_OPERATION), "sangong", "三公", 0 },
    { DIM_ATTR, B(1), "经常性", "经常性", 0 },
    { DIM_ATTR, B(1), "recurring", "经常性", 0 },
    { DIM_ATTR, B(2), "一次性", "一次性", 0 },
    { DIM_ATTR, B(2), "one-off", "一次性", 0 },
    { DIM_CATEGORY, B(1), "其他运转类", "其他运转类", 0 },
    { DIM_CATEGORY, B(1), "operating", "其他运转类", 0 },
    { DIM_CATEGORY, B(2), "特定目标类", "特定目标类", 0 },
    { DIM_CATEGORY, B(2), "targeted", "特定目标类", 0 },
    { DIM_LEVEL1, B(1), "产出指标", "产出指标", 0 },
    { DIM_LEVEL1, B(2), "效益指标", "效益指标", 0 },
    { DIM_LEVEL1, B(3), "满意度指标", "满意度指标", 0 },
    { DIM_LEVEL2, B(1), "数量指标", "数量指标", 0 },
    { DIM_LEVEL2, B(2), "质量指标", "质量指标", 0 },
    { DIM_LEVEL2, B(3), "时效指标", "时效指标", 0 },
    { DIM_LEVEL2, B(4), "成本指标", "成本指标", 0 },
    { DIM_LEVEL2, B(5), "经济效益", "经济效益", 0 },
    { DIM_LEVEL2, B(5), "经济效益指标", "经济效益", 0 },
    { DIM_LEVEL2, B(6), "社会效益", "社会效益", 0 },
    { DIM_LEVEL2, B(6), "社会效益指标", "社会效益", 0 },
    { DIM_LEVEL2, B(7), "生态效益", "生态效益", 0 },
    { DIM_LEVEL2, B(7), "生态效益指标", "生态效益", 0 },
    { DIM_LEVEL2, B(8), "可持续影响", "可持续影响", 0 },
    { DIM_LEVEL2, B(8), "可持续影响指标", "可持续影响", 0 },
    { DIM_LEVEL2, B(9), "服务对象满意度", "服务对象满意度", 0 },
    { DIM_LEVEL2, B(9), "服务对象满意度指标", "服务对象满意度", 0 },
    { DIM_PERIOD, B(PERIOD_IMPL), "实施期", "实施期", 0 },
    { DIM_PERIOD, B(PERIOD_ANNUAL), "年度", "年度", 0 },
    { DIM_SIDE, B(SIDE_EXPENDITURE), "expenditure", "支出", 0 },
    { DIM_SIDE, B(SIDE_EXPENDITURE), "支出", "支出", 0 },
    { DIM_SIDE, B(SIDE_INCOME), "income", "收入", 0 },
    { DIM_SIDE, B(SIDE_INCOME), "收入", "收入", 0 },
    { DIM_UNIT_LEVEL, B(1), "本级", "本级", 0 },
    { DIM_UNIT_LEVEL, B(2), "下属", "下属", 0 },
};

#define NVOCAB (sizeof vocab / sizeof vocab[0])

/* The value a fact written under this word gets, or 0 when the word
** covers several values none of which is the plain one (财政拨款). */
int vocab_fact_value(const VocabEntry *e)
{
    if (e->fact)
        return e->fact;
    if (e->mask & (e->mask - 1))
        return 0;
    return __builtin_ctz(e->mask);
}

/* The entry for a word given as text. */
const VocabEntry *vocab_find(int dim, const char *word)
{
    for (size_t i = 0; i < NVOCAB; i++)
        if ((dim == DIM_NONE || vocab[i].dim == dim) &&
            strcmp(vocab[i].word, word) == 0)
            return &vocab[i];
    return NULL;
}

/* The entry for a word in dimension dim (DIM_NONE: any dimension). */
/* The words hashed into buckets, each chain in table order, so a lookup
** finds the entry the table lists first, as a scan would. */
#define NBUCKETS 127
static int16_t bucket[NBUCKETS], chain[NVOCAB];
static uint8_t wordlen[NVOCAB];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static void index_build(void)
{
    int16_t *tail[NBUCKETS];
    for (int b = 0; b < NBUCKETS; b++) {
        bucket[b] = -1;
        tail[b] = &bucket[b];
    }
    for (size_t i = 0; i < NVOCAB; i++) {
        size_t n = strlen(vocab[i].word);
        uint32_t b = word_hash(vocab[i].word, n) % NBUCKETS;
        wordlen[i] = (uint8_t)n;
        chain[i] = -1;
        *tail[b] = (int16_t)i;
        tail[b] = &chain[i];
    }
}

const VocabEntry *vocab_lookup(Compilation *cx, Atom a, int dim)
{
    if (a.kind != TK_WORD && a.kind != TK_STRING)
        return NULL;
    uint32_t n;
    const char *p = atom_text(cx, a, &n);
    if (a.kind == TK_STRING && n >= 2) {
        p++;
        n -= 2;
    }
    pthread_once(&index_once, index_build);
    for (int16_t i = bucket[word_hash(p, n) % NBUCKETS]; i >= 0; i = chain[i])
        if ((dim == DIM_NONE || vocab[i].dim == dim) && wordlen[i] == n &&
            memcmp(vocab[i].word, p, n) == 0)
            return &vocab[i];
    return NULL;
}

/* The canonical word of a single value: the entry that covers it with
** the fewest other values (基本支出 for plain basic spending). */
const char *vocab_name(int dim, int value)
{
    const VocabEntry *best = NULL;
    for (size_t i = 0; i < NVOCAB; i++)     /* a composite that stands for it */
        if (vocab[i].dim == dim && vocab[i].fact == value)
            return vocab[i].canonical;
    for (size_t i = 0; i < NVOCAB; i++)
        if (vocab[i].dim == dim && (vocab[i].mask & B(value)) &&
            (!best || __builtin_popcount(vocab[i].mask) <
                          __builtin_popcount(best->mask)))
            best = &vocab[i];
    return best ? best->canonical : "";
}

/* The word whose values are exactly mask, or NULL. */
const char *vocab_exact(int dim, uint16_t mask)
{
    for (size_t i = 0; i < NVOCAB; i++)
        if (vocab[i].dim == dim && vocab[i].mask == mask)
            return vocab[i].canonical;
    return NULL;
}

const char *vocab_dim_name(int dim)
{
    static const char *const names[] = {
        "",
#define X(d, n) n,
        VOCAB_DIMS(X)
#undef X
    };
    return dim > 0 && dim < DIM__COUNT ? names[dim] : "";
}

/* "a, b or c": the canonical words of a dimension, for messages. */
char *vocab_list(Compilation *cx, int dim)
{
    char buf[1024];
    size_t k = 0;
    const char *seen[64];
    int nseen = 0;
    for (size_t i = 0; i < NVOCAB && k < sizeof buf - 64; i++) {
        if (vocab[i].dim != dim)
            continue;
        int dup = 0;
        for (int j = 0; j < nseen; j++)
            dup |= strcmp(seen[j], vocab[i].canonical) == 0;
        if (dup || nseen == 64)
            continue;
        seen[nseen++] = vocab[i].canonical;
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s'%s'",
                              nseen > 1 ? ", " : "", vocab[i].canonical);
    }
    return arena_strndup(cx, buf, k);
}
