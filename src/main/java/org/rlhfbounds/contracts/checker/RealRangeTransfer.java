package org.rlhfbounds.contracts.checker;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.checkerframework.dataflow.analysis.ConditionalTransferResult;
import org.checkerframework.dataflow.analysis.TransferInput;
import org.checkerframework.dataflow.analysis.TransferResult;
import org.checkerframework.dataflow.cfg.node.BinaryOperationNode;
import org.checkerframework.dataflow.cfg.node.GreaterThanNode;
import org.checkerframework.dataflow.cfg.node.GreaterThanOrEqualNode;
import org.checkerframework.dataflow.cfg.node.LessThanNode;
import org.checkerframework.dataflow.cfg.node.LessThanOrEqualNode;
import org.checkerframework.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.dataflow.cfg.node.Node;
import org.checkerframework.dataflow.cfg.node.WideningConversionNode;
import org.checkerframework.dataflow.expression.JavaExpression;
import org.checkerframework.framework.flow.CFAbstractAnalysis;
import org.checkerframework.framework.flow.CFStore;
import org.checkerframework.framework.flow.CFTransfer;
import org.checkerframework.framework.flow.CFValue;
import org.checkerframework.framework.type.QualifierHierarchy;

/**
 * Dataflow refinement of {@link RealRangeChecker}: what a true or false comparison proves about a
 * range.
 *
 * <p>Soundness: a comparison involving NaN is false, and a comparison that is true proves nothing
 * about finiteness ({@code +inf > 0}). So a lower bound refines only an operand already known
 * {@code @Finite}; an upper bound ({@code x <= c}, {@code c} a probability) refines only an operand
 * already known {@code @NonNegativeReal}; and a false comparison refines only when both operands
 * are known {@code @Finite} (not NaN), where {@code !(a > b)} is {@code a <= b}.
 */
final class RealRangeTransfer extends CFTransfer {

  private enum Rel {
    GT,
    GE,
    LT,
    LE;

    Rel negated() {
      switch (this) {
        case GT:
          return LE;
        case GE:
          return LT;
        case LT:
          return GE;
        default:
          return GT;
      }
    }

    Rel flipped() {
      switch (this) {
        case GT:
          return LT;
        case GE:
          return LE;
        case LT:
          return GT;
        default:
          return GE;
      }
    }
  }

  private final RealRangeAnnotatedTypeFactory factory;
  private final QualifierHierarchy hierarchy;

  RealRangeTransfer(
      CFAbstractAnalysis<CFValue, CFStore, CFTransfer> analysis,
      RealRangeAnnotatedTypeFactory factory) {
    super(analysis);
    this.factory = factory;
    this.hierarchy = factory.getQualifierHierarchy();
  }

  @Override
  public TransferResult<CFValue, CFStore> visitGreaterThan(
      GreaterThanNode n, TransferInput<CFValue, CFStore> in) {
    return refine(super.visitGreaterThan(n, in), n, Rel.GT, in);
  }

  @Override
  public TransferResult<CFValue, CFStore> visitGreaterThanOrEqual(
      GreaterThanOrEqualNode n, TransferInput<CFValue, CFStore> in) {
    return refine(super.visitGreaterThanOrEqual(n, in), n, Rel.GE, in);
  }

  @Override
  public TransferResult<CFValue, CFStore> visitLessThan(
      LessThanNode n, TransferInput<CFValue, CFStore> in) {
    return refine(super.visitLessThan(n, in), n, Rel.LT, in);
  }

  @Override
  public TransferResult<CFValue, CFStore> visitLessThanOrEqual(
      LessThanOrEqualNode n, TransferInput<CFValue, CFStore> in) {
    return refine(super.visitLessThanOrEqual(n, in), n, Rel.LE, in);
  }

  @Override
  public TransferResult<CFValue, CFStore> visitMethodInvocation(
      MethodInvocationNode n, TransferInput<CFValue, CFStore> in) {
    TransferResult<CFValue, CFStore> result = super.visitMethodInvocation(n, in);
    ExecutableElement method = n.getTarget().getMethod();
    List<Node> args = n.getArguments();
    if (args.size() == 1
        && method.getSimpleName().contentEquals("isFinite")
        && method.getEnclosingElement() instanceof TypeElement
        && ((TypeElement) method.getEnclosingElement())
            .getQualifiedName()
            .contentEquals("java.lang.Double")) {
      CFStore thenStore = result.getThenStore().copy();
      CFStore elseStore = result.getElseStore().copy();
      insert(thenStore, strip(args.get(0)), factory.finite);
      return new ConditionalTransferResult<>(result.getResultValue(), thenStore, elseStore);
    }
    return result;
  }

  private TransferResult<CFValue, CFStore> refine(
      TransferResult<CFValue, CFStore> result,
      BinaryOperationNode n,
      Rel rel,
      TransferInput<CFValue, CFStore> in) {
    Node left = strip(n.getLeftOperand());
    Node right = strip(n.getRightOperand());
    AnnotationMirror ql = qualifier(left, in);
    AnnotationMirror qr = qualifier(right, in);
    CFStore thenStore = result.getThenStore().copy();
    CFStore elseStore = result.getElseStore().copy();
    learn(thenStore, left, ql, rel, qr);
    learn(thenStore, right, qr, rel.flipped(), ql);
    if (isSub(ql, factory.finite) && isSub(qr, factory.finite)) {
      learn(elseStore, left, ql, rel.negated(), qr);
      learn(elseStore, right, qr, rel.negated().flipped(), ql);
    }
    return new ConditionalTransferResult<>(result.getResultValue(), thenStore, elseStore);
  }

  /** Records in {@code store} what {@code a rel b} proves about {@code a}. */
  private void learn(CFStore store, Node a, AnnotationMirror qa, Rel rel, AnnotationMirror qb) {
    if (rel == Rel.GT || rel == Rel.GE) {
      if (!isSub(qa, factory.finite) || !isSub(qb, factory.nonNegative)) {
        return;
      }
      boolean strict = rel == Rel.GT || isSub(qb, factory.positive);
      insert(store, a, meet(qa, strict ? factory.positive : factory.nonNegative));
    } else {
      if (isSub(qa, factory.nonNegative) && isSub(qb, factory.probability)) {
        insert(store, a, meet(qa, factory.probability));
      }
    }
  }

  private void insert(CFStore store, Node node, AnnotationMirror anno) {
    JavaExpression expr = JavaExpression.fromNode(node);
    if (expr.containsUnknown()) {
      return;
    }
    store.insertValue(expr, anno);
  }

  /**
   * Both facts: {@code @PositiveReal} and {@code x <= 1} make {@code @PositiveProbability} (the
   * store's own merge keeps only one of two incomparable facts).
   */
  private AnnotationMirror meet(AnnotationMirror known, AnnotationMirror learned) {
    return hierarchy.greatestLowerBoundQualifiersOnly(known, learned);
  }

  private boolean isSub(AnnotationMirror sub, AnnotationMirror sup) {
    return hierarchy.isSubtypeQualifiersOnly(sub, sup);
  }

  private AnnotationMirror qualifier(Node node, TransferInput<CFValue, CFStore> in) {
    if (node.getTree() != null) {
      Double c = RealRangeAnnotatedTypeFactory.constantValue(node.getTree());
      if (c != null) {
        return factory.qualifierOf(c);
      }
    }
    CFValue value = in.getValueOfSubNode(node);
    if (value != null) {
      AnnotationMirror a = hierarchy.findAnnotationInHierarchy(value.getAnnotations(), factory.unknown);
      if (a != null) {
        return a;
      }
    }
    return factory.unknown;
  }

  private static Node strip(Node node) {
    Node n = node;
    while (n instanceof WideningConversionNode) {
      n = ((WideningConversionNode) n).getOperand();
    }
    return n;
  }
}
