// Package storetest tests models.Store on SQLite and on MariaDB through its
// exported API. It lives beside models rather than as models_test so that the
// models tree keeps no import edge outside itself, tests included.
package storetest
