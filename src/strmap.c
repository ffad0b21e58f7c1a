/*
** strmap.c: a map from (string, number) keys to indices, in the arena.
**
** Names are looked up once per statement (units, projects, files), so a
** province's budget with thousands of units must not compare every name
** with every other.  Open addressing with linear probing, FNV-1a hashing,
** doubling at half full.  Keys are borrowed, not copied.
*/
#include "budgetc.h"

#include <string.h>

typedef struct Slot {
    const char *key;      /* NULL: empty */
    int64_t num;          /* the second part of the key */
    int32_t value;
} Slot;

struct StrMap {
    Slot *slots;
    uint32_t cap, used;
};

static uint64_t hash_key(const char *s, int64_t num)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)num;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ^ (h >> 29);
}

StrMap *map_new(Compilation *cx)
{
    StrMap *m = arena_alloc(cx, sizeof *m);
    m->cap = 64;
    m->slots = arena_alloc(cx, m->cap * sizeof *m->slots);
    return m;
}

static Slot *find(StrMap *m, const char *key, int64_t num)
{
    uint32_t i = (uint32_t)hash_key(key, num) & (m->cap - 1);
    while (m->slots[i].key &&
           (m->slots[i].num != num || strcmp(m->slots[i].key, key) != 0))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

/* The value for (key, num), or -1. */
int32_t map_get(StrMap *m, const char *key, int64_t num)
{
    Slot *s = find(m, key, num);
    return s->key ? s->value : -1;
}

/* Set (key, num) to value unless present; returns the value now stored. */
int32_t map_put(Compilation *cx, StrMap *m, const char *key, int64_t num,
                int32_t value)
{
    if ((m->used + 1) * 2 > m->cap) {
        Slot *old = m->slots;
        uint32_t cap = m->cap;
        m->cap *= 2;
        m->slots = arena_alloc(cx, m->cap * sizeof *m->slots);
        for (uint32_t i = 0; i < cap; i++)
            if (old[i].key)
                *find(m, old[i].key, old[i].num) = old[i];
    }
    Slot *s = find(m, key, num);
    if (s->key)
        return s->value;
    s->key = key;
    s->num = num;
    s->value = value;
    m->used++;
    return value;
}

/* Change the value of (key, num) when it is present. */
void map_set(StrMap *m, const char *key, int64_t num, int32_t value)
{
    Slot *s = find(m, key, num);
    if (s->key)
        s->value = value;
}
