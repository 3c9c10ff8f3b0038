# Leaf rooms (strbuf, diag, outfile) and the sampled-betweenness estimator.
pn_cmocka_test(test_base unit/test_base.c)
pn_cmocka_test(test_sample unit/test_sample.c)
