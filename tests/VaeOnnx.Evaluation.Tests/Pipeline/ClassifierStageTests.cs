using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests.Pipeline;

public sealed class ClassifierStageTests
{
    private static (TempDirectory Dir, EvaluationOptions Options) Setup() => PipelineWorkspace.Create(200, 100);

    [Fact]
    public void Run_ExportedClassifierThere_ScoresItBesideTheOthersAndDisposesIt()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            FakeVae? model = null;
            var result = new EvaluationPipeline(options, FakeVae.Factory(2, v => model = v, classifier: true), new TestNpyWriter(), _ => { }).Run();

            Assert.Equal([ClassifierKind.Forest, ClassifierKind.Logistic, ClassifierKind.Mlp], result.Classifiers.Runs.Select(r => r.Kind));
            Assert.Empty(result.Classifiers.Unavailable);
            var mlp = result.Classifiers.Of(ClassifierKind.Mlp)!;
            Assert.Equal(0, mlp.Result.TrainRows);
            Assert.Equal(100, mlp.Result.Labels.Length);
            Assert.Contains("fake linear", mlp.Implementation, StringComparison.Ordinal);
            Assert.True(model!.Scorer!.Disposed);
        }
    }

    [Fact]
    public void Run_ForestOnly_NeitherFitsNorAsksForTheOthers()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            FakeVae? model = null;
            var result = new EvaluationPipeline(options with { Classifier = ClassifierSelection.Forest }, FakeVae.Factory(2, v => model = v, classifier: true),
                new TestNpyWriter(), _ => { }).Run();

            Assert.Equal(ClassifierKind.Forest, Assert.Single(result.Classifiers.Runs).Kind);
            Assert.Empty(result.Classifiers.Unavailable);
            Assert.Equal(0, model!.ClassifierRequests);
        }
    }

    [Theory]
    [InlineData(ClassifierSelection.All, new[] { ClassifierKind.Forest, ClassifierKind.Logistic, ClassifierKind.Mlp })]
    [InlineData(ClassifierSelection.Logistic, new[] { ClassifierKind.Logistic })]
    [InlineData(ClassifierSelection.Mlp, new[] { ClassifierKind.Mlp })]
    public void KindsOf_Selection_InReportOrder(ClassifierSelection selection, ClassifierKind[] kinds)
    {
        Assert.Equal(kinds, ClassifierStage.KindsOf(selection));
    }

    [Fact]
    public void Best_TiedAccuracy_FirstInReportOrder()
    {
        ClassifierRun Run(ClassifierKind kind, int[] predicted)
        {
            int[] truth = [0, 1, 0, 1];
            var result = new ClassifierResult(truth, predicted, new float[8], 2, 4, 0, 0);
            return new ClassifierRun(kind, kind.ToString(), "", result, ClassificationReport.Compute(truth, predicted, 2),
                MulticlassRoc.Compute(truth, new float[8], 2), 0);
        }
        var suite = new ClassifierSuite(ClassifierProtocol.TrainTest,
            [Run(ClassifierKind.Forest, [0, 0, 0, 1]), Run(ClassifierKind.Logistic, [0, 1, 0, 1]), Run(ClassifierKind.Mlp, [0, 1, 0, 1])], []);

        Assert.Equal(ClassifierKind.Logistic, suite.Best.Kind);
    }
}
