/*
 * vocab: the one pattern for a vocabulary (views, layouts, formats, metrics, YAML keys...).
 * A room writes its vocabulary once as an X-macro, PN_THINGS(X) with X(ID, "name", ...), and
 * derives from it the enum, the count and the NULL-terminated name array that parsers, help
 * texts and "did you mean" messages read, so adding a word is one row:
 *
 *   #define PN_FORMATS(X) X(TABLE, "table") X(CSV, "csv") X(JSON, "json")
 *   #define PN_FORMAT_ENUM(id, ...) PN_FMT_##id,
 *   enum pn_format { PN_FORMATS(PN_FORMAT_ENUM) };           -> PN_FMT_TABLE, PN_FMT_CSV...
 *   enum { PN_FMT_N = 0 PN_FORMATS(PN_VOCAB_COUNT) };   -> 3 (not an enum member, so a
 *                                                              switch needs no extra case)
 *   const char *const names[] = {PN_FORMATS(PN_VOCAB_NAME) NULL};
 */
#ifndef PN_VOCAB_H
#define PN_VOCAB_H

/* +1 per row: for enum { PN_X_N = 0 PN_XS(PN_VOCAB_COUNT) }. */
#define PN_VOCAB_COUNT(...) +1
/* The row's name (its second field) followed by a comma, for name arrays; rows may carry
 * more fields after the name (ISO C wants at least one argument for "...", hence FIRST). */
#define PN_VOCAB_NAME(id, ...) PN_VOCAB_FIRST(__VA_ARGS__, ~),
#define PN_VOCAB_FIRST(first, ...) first

#endif
