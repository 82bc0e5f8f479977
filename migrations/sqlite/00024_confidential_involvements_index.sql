-- The people a confidential service knows (issue 12). Every name search
-- asks, for each person the name matches (thousands for a common name),
-- whether a confidential service knows them, to tell that service of a
-- look-up of someone only it works with (policy.HiddenByConfidential). About
-- one involvement in seventy is confidential: this index holds only those,
-- so each probe reads a small index rather than the one over every
-- involvement. The query says "confidential" as a bare column so that the
-- index's predicate is seen to hold whatever the plan.

-- +goose Up
CREATE INDEX involvements_confidential ON involvements (person_id) WHERE confidential;

-- +goose Down
DROP INDEX involvements_confidential;
