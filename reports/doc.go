// Package reports computes compliance scores, flows and gaps from plain
// values and renders them as PDF and CSV. It never queries the database.
package reports
