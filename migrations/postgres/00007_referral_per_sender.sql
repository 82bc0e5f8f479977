-- One waiting referral per sender, receiver and person, not per receiver
-- and person: with the old index a second service referring someone to
-- the same place was refused because "a referral is waiting", which told
-- it that another service (perhaps a refuge) was working with the person
-- (DESIGN.md §3 rule 4). The receiver sees both referrals and decides;
-- accepting both is refused by placements_one_open.

-- +goose Up
DROP INDEX referrals_one_pending;
CREATE UNIQUE INDEX referrals_one_pending ON referrals (person_id, from_service_id, to_service_id) WHERE status = 'sent';

-- +goose Down
DROP INDEX referrals_one_pending;
CREATE UNIQUE INDEX referrals_one_pending ON referrals (person_id, to_service_id) WHERE status = 'sent';
