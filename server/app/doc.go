// Package app is what Gateway does, without HTTP: compliance months and
// the reports and packs built on them, the statistics extract, the
// duplicate review and its candidates, imports and transfers of people,
// and the maintenance jobs. The server's handlers and the gateway command
// both call it, so a report from cron is the report a page shows.
//
// It reads and writes only through models, with the scopes policy gives
// the actor, and never imports gin or net/http (policy's architecture test
// fails if it does).
package app
