package dev.berth.registry.lifecycle;

/** A lifecycle policy document that is not one ECR would accept, with what is wrong where. */
public final class InvalidPolicyException extends Exception {

    public InvalidPolicyException(String message) {
        super(message);
    }
}
