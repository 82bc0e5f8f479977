// Package policy is the only place that decides who may see what. It holds
// the casbin model and default rows, the Actor, Can(), and the scopes every
// query that returns people, notes, pins or counts must use.
package policy
