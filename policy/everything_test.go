package policy_test

import (
	"gateway/models"
)

// everything sees every row; the matrix uses it only to enumerate the
// fixture's involvements, never to decide.
var everything = models.NewScope("test: every row", "1 = 1", nil)
