// Kafka protocol error codes a broker sends (apache/kafka `Errors.java`), one-to-one with the
// protocol's names. Responses carry them as int16; `ToWire` gives that value.
#pragma once

#include <cstdint>
#include <string_view>

namespace millrace::kafka {

enum class ErrorCode : int16_t {
  kUnknownServerError = -1,  // unexpected broker failure
  kNone = 0,
  kOffsetOutOfRange = 1,  // fetch/list offset outside [log start, high watermark]
  kCorruptMessage = 2,    // record batch failed its CRC or size check
  kUnknownTopicOrPartition = 3,
  kInvalidFetchSize = 4,
  kLeaderNotAvailable = 5,  // topic being created; clients retry
  kNotLeaderOrFollower = 6,
  kRequestTimedOut = 7,
  kBrokerNotAvailable = 8,
  kReplicaNotAvailable = 9,
  kMessageTooLarge = 10,  // a batch larger than the topic allows
  kStaleControllerEpoch = 11,
  kOffsetMetadataTooLarge = 12,  // committed metadata string too long
  kNetworkException = 13,
  kCoordinatorLoadInProgress = 14,
  kCoordinatorNotAvailable = 15,
  kNotCoordinator = 16,
  kInvalidTopicException = 17,  // illegal topic name
  kRecordListTooLarge = 18,
  kNotEnoughReplicas = 19,
  kNotEnoughReplicasAfterAppend = 20,
  kInvalidRequiredAcks = 21,  // acks other than -1, 0, 1
  kIllegalGeneration = 22,
  kInconsistentGroupProtocol = 23,
  kInvalidGroupId = 24,
  kUnknownMemberId = 25,
  kInvalidSessionTimeout = 26,
  kRebalanceInProgress = 27,  // members must rejoin
  kInvalidCommitOffsetSize = 28,
  kTopicAuthorizationFailed = 29,
  kGroupAuthorizationFailed = 30,
  kClusterAuthorizationFailed = 31,
  kInvalidTimestamp = 32,
  kUnsupportedSaslMechanism = 33,
  kIllegalSaslState = 34,
  kUnsupportedVersion = 35,  // API version outside the advertised range
  kTopicAlreadyExists = 36,
  kInvalidPartitions = 37,
  kInvalidReplicationFactor = 38,
  kInvalidReplicaAssignment = 39,
  kInvalidConfig = 40,
  kNotController = 41,
  kInvalidRequest = 42,  // malformed request the broker could parse the header of
  kUnsupportedForMessageFormat = 43,
  kPolicyViolation = 44,
  kOutOfOrderSequenceNumber = 45,  // idempotent producer sequence gap
  kDuplicateSequenceNumber = 46,   // idempotent producer retry of a stored batch
  kInvalidProducerEpoch = 47,
  kInvalidTxnState = 48,
  kInvalidProducerIdMapping = 49,
  kInvalidTransactionTimeout = 50,
  kConcurrentTransactions = 51,
  kTransactionCoordinatorFenced = 52,
  kTransactionalIdAuthorizationFailed = 53,
  kSecurityDisabled = 54,
  kOperationNotAttempted = 55,
  kKafkaStorageError = 56,  // disk failure or disk full
  kLogDirNotFound = 57,
  kSaslAuthenticationFailed = 58,
  kUnknownProducerId = 59,
  kReassignmentInProgress = 60,
  kNonEmptyGroup = 68,
  kGroupIdNotFound = 69,
  kFetchSessionIdNotFound = 70,
  kInvalidFetchSessionEpoch = 71,
  kListenerNotFound = 72,
  kTopicDeletionDisabled = 73,
  kFencedLeaderEpoch = 74,
  kUnknownLeaderEpoch = 75,
  kUnsupportedCompressionType = 76,
  kStaleBrokerEpoch = 77,
  kOffsetNotAvailable = 78,
  kMemberIdRequired = 79,  // JoinGroup v4+: rejoin with the returned member id
  kPreferredLeaderNotAvailable = 80,
  kGroupMaxSizeReached = 81,
  kFencedInstanceId = 82,  // static member replaced by a newer instance
  kInvalidRecord = 87,     // a record failed broker-side validation
  kUnstableOffsetCommit = 88,
  kThrottlingQuotaExceeded = 89,
  kProducerFenced = 90,
};

constexpr int16_t ToWire(ErrorCode code) {
  return static_cast<int16_t>(code);
}

// The protocol name ("UNKNOWN_TOPIC_OR_PARTITION"), or "UNKNOWN" for a code not listed above.
std::string_view ErrorCodeName(ErrorCode code);
std::string_view ErrorCodeName(int16_t wire_code);

// True if a client may retry the request unchanged (Kafka's RetriableException subclasses).
bool IsRetriable(ErrorCode code);

}  // namespace millrace::kafka
