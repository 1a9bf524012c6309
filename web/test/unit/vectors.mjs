// SPDX-License-Identifier: AGPL-3.0-or-later
// Builds the payload of a shared record vector (tests/data/records/vectors.json) from its fields,
// with the browser's code. The C++ side (src/veche/core/record_vectors_test.cc) builds the same
// vectors with the core's encoders; both must produce the pinned bytes.
import { fromHex, utf8 } from '../../src/lib/encoding.js';

export function payloadOf(records, v, key) {
  const f = v.fields;
  switch (v.kind) {
    case 'vote': return records.votePayload(f.measure, f.choice);
    case 'citizen_bind': return records.bindPayload(f.citizen, f.code, key);
    case 'initiative_sign': return records.initiativeSignPayload(f.id);
    case 'text': return records.textPayload(f.text);
    case 'initiative_file':
      return records.lawInitiativePayload(f.id, f.territory, f.title, records.textHash(f.text));
    case 'citizen_enrol':
      return records.enrolPayload({
        id: f.id,
        residence: f.residence,
        majorityDate: BigInt(f.majority_date),
        consultativeDate: BigInt(f.consultative_date),
        commitment: records.personalDataCommitment(fromHex(f.salt), f.person),
        enrolmentKey: records.enrolmentKey(f.code).publicKey,
      });
    case 'nomination_file': return records.nominationFilePayload(f.id, f.contest, f.nominee);
    case 'nomination_sign': return records.nominationSignPayload(f.id);
    case 'meeting_vote': return records.meetingVotePayload(f.meeting, f.choice);
    case 'office_vote': return records.officeVotePayload(f.contest, f.choice);
    case 'rating_set': return records.ratingSetPayload(f.office, f.rating);
    case 'recall_sign': return records.recallSignPayload(f.office);
    case 'recall_vote': return records.recallVotePayload(f.office, f.recall);
    case 'acting_accept': return records.actingAcceptPayload(f.office);
    case 'candidacy_file':
      return records.candidacyFilePayload(f.contest, f.nomination, f.promises.map((text) => records.textHash(text)));
    default: throw new Error(`unknown vector kind ${v.kind}`);
  }
}

export const kindNumber = {
  vote: 58, citizen_bind: 41, initiative_sign: 53, text: 50, initiative_file: 52, citizen_enrol: 40,
  nomination_file: 78, nomination_sign: 79, candidacy_file: 80, meeting_vote: 88, office_vote: 92, rating_set: 150, recall_sign: 155, recall_vote: 156,
  acting_accept: 162,
};
export const seedOf = (records, v) => records.sha256(utf8(v.seed_label));
