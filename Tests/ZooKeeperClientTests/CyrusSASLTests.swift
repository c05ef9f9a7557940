import Testing

/// Every suite that calls Cyrus SASL, one at a time: Cyrus's global initialisation (the server side's, made by
/// `SASLFullExchangeTests`) must not overlap another suite's exchange on another thread.
@Suite(.serialized) struct CyrusSASLTests {}
