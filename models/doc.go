// Package models holds Gateway's gorm models and data access. It is the only
// package that opens the database.
package models
