# Loader and model tests (owned by the loader room).
pn_cmocka_test(test_loader ${PN_TEST_DIR}/unit/test_loader.c)
