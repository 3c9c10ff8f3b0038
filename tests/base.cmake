# Leaf rooms: strbuf, diag, outfile.
pn_cmocka_test(test_base unit/test_base.c)
