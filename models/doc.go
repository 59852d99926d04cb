// Package models owns selfcheck's domain types, the database schema and its
// numbered migrations, and every query. One concrete Store wraps a GORM handle
// opened from DATABASE_URL (embedded SQLite or MySQL/MariaDB); there are no
// repository interfaces, and tests run against both databases for real.
//
// The questionnaire engine lives in the GORM-free subpackage models/questionnaire
// and USCC check digits in models/uscc. models imports no other project package.
package models
