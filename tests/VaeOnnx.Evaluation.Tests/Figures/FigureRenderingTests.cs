using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests.Figures;

public sealed class FigureRenderingTests
{
    private static readonly float[] Originals = SyntheticFigureData.Images(SyntheticFigureData.Points);
    private static readonly float[] Reconstructions = SyntheticFigureData.Blurred(Originals);
    private static readonly ImageQualityScores Quality = ImageQuality.Compute(Originals, Reconstructions, SyntheticFigureData.Points, 28, 28);

    [Fact]
    public void LossCurvesFigure_History_RendersExpectedSize()
    {
        var (w, h) = LossCurvesFigure.Size;
        Png.AssertFigure(LossCurvesFigure.Render(SyntheticFigureData.History()), w, h);
    }

    [Fact]
    public void LossCurvesFigure_MissingHistory_StillRendersAMessage()
    {
        var (w, h) = LossCurvesFigure.Size;
        Png.AssertFigure(LossCurvesFigure.Render(HistoryFile.Missing("models/training-history.json not found")), w, h);
    }

    [Fact]
    public void LatentSpaceFigure_Plane_RendersExpectedSize()
    {
        var (w, h) = LatentSpaceFigure.SizeFor(1);
        Png.AssertFigure(LatentSpaceFigure.Render([SyntheticFigureData.Plane("axes are PCs")]), w, h);
    }

    [Fact]
    public void LatentSpaceFigure_TwoViews_RendersThemSideBySide()
    {
        var (w, h) = LatentSpaceFigure.SizeFor(2);
        Assert.True(w > LatentSpaceFigure.SizeFor(1).Width);
        Png.AssertFigure(LatentSpaceFigure.Render(SyntheticFigureData.Views()), w, h);
    }

    [Fact]
    public void LatentSpaceFigure_PanelTitle_NamesMethodAndQuality()
    {
        var views = SyntheticFigureData.Views();
        Assert.Equal("PCA: trustworthiness 0.912, 1-NN 0.803", LatentSpaceFigure.PanelTitle(views[0]));
        Assert.Equal("latent axes: 1-NN accuracy 0.500", LatentSpaceFigure.PanelTitle(SyntheticFigureData.Plane() with { Quality = new ViewQuality(1, 0.5, 12) }));
        Assert.Equal("t-SNE", LatentSpaceFigure.PanelTitle(views[1] with { Quality = null }));
    }

    [Fact]
    public void LatentSpacePerDigitFigure_Plane_RendersExpectedSize()
    {
        var (w, h) = LatentSpacePerDigitFigure.SizeFor(1);
        Png.AssertFigure(LatentSpacePerDigitFigure.Render([SyntheticFigureData.Plane()]), w, h);
    }

    [Fact]
    public void LatentSpacePerDigitFigure_TwoViews_RendersOneUnderTheOther()
    {
        var (w, h) = LatentSpacePerDigitFigure.SizeFor(2);
        Assert.True(h > LatentSpacePerDigitFigure.SizeFor(1).Height);
        Png.AssertFigure(LatentSpacePerDigitFigure.Render(SyntheticFigureData.Views()), w, h);
    }

    [Fact]
    public void ConditionalSamplesFigure_TenLabels_RendersExpectedSize()
    {
        var (w, h) = ConditionalSamplesFigure.SizeFor(ImageShape.Mnist, 10);
        Png.AssertFigure(ConditionalSamplesFigure.Render(SyntheticFigureData.Images(100), ImageShape.Mnist, 10, 42), w, h);
    }

    [Fact]
    public void StyleTransferFigure_Rows_RendersExpectedSize()
    {
        var rows = new StyleTransferRows(SyntheticFigureData.Images(8), SyntheticFigureData.Images(80, 4), ImageShape.Mnist,
            [0, 1, 2, 3, 4, 7, 8, 11], [7, 2, 1, 0, 4, 9, 5, 6], 10);
        var (w, h) = StyleTransferFigure.SizeFor(rows);
        Png.AssertFigure(StyleTransferFigure.Render(rows), w, h);
    }

    [Fact]
    public void LatentSpacePerDigitFigure_HighestDensityLevels_EncloseRequestedMass()
    {
        var density = new double[,] { { 1, 2 }, { 3, 4 } };
        // Sorted 4, 3, 2, 1 (total 10): 40 % is reached by the first cell, 70 % by the second, 90 % by the third.
        Assert.Equal([4.0, 3.0, 2.0], LatentSpacePerDigitFigure.HighestDensityLevels(density, [0.4, 0.7, 0.9]));
    }

    [Fact]
    public void ReconstructionsFigure_Images_RendersExpectedSize()
    {
        var (w, h) = ReconstructionsFigure.SizeFor(ImageShape.Mnist);
        Png.AssertFigure(ReconstructionsFigure.Render(Originals, Reconstructions, Quality.Ssim, ImageShape.Mnist), w, h);
    }

    [Fact]
    public void GeneratedSamplesFigure_Images_RendersExpectedSize()
    {
        var (w, h) = GeneratedSamplesFigure.SizeFor(ImageShape.Mnist);
        Png.AssertFigure(GeneratedSamplesFigure.Render(SyntheticFigureData.Images(25), ImageShape.Mnist, 42), w, h);
    }

    [Fact]
    public void GeneratedSamplesFigure_CycledLabels_RendersExpectedSize()
    {
        var (w, h) = GeneratedSamplesFigure.SizeFor(ImageShape.Mnist);
        Png.AssertFigure(GeneratedSamplesFigure.Render(SyntheticFigureData.Images(25), ImageShape.Mnist, 42, labels: 10), w, h);
    }

    [Fact]
    public void InterpolationFigure_Rows_RendersSizeForItsRows()
    {
        var rows = SyntheticFigureData.Interpolation();
        var (w, h) = InterpolationFigure.SizeFor(rows);
        Png.AssertFigure(InterpolationFigure.Render(rows), w, h);
    }

    [Fact]
    public void LatentManifoldFigure_Grid_RendersExpectedSize()
    {
        var (w, h) = LatentManifoldFigure.Size;
        Png.AssertFigure(LatentManifoldFigure.Render(SyntheticFigureData.Manifold()), w, h);
    }

    [Fact]
    public void ConfusionMatrixFigure_Report_RendersExpectedSize()
    {
        var (w, h) = ConfusionMatrixFigure.Size;
        Png.AssertFigure(ConfusionMatrixFigure.Render(SyntheticFigureData.Classifier().Report, "RandomForest (5 trees)"), w, h);
    }

    [Fact]
    public void RocCurvesFigure_Roc_RendersExpectedSize()
    {
        var (w, h) = RocCurvesFigure.Size;
        Png.AssertFigure(RocCurvesFigure.Render(SyntheticFigureData.Classifier().Roc, "RandomForest"), w, h);
    }

    [Fact]
    public void SsimDistributionFigure_Scores_RendersExpectedSize()
    {
        var (w, h) = SsimDistributionFigure.Size;
        var overall = DescriptiveStatistics.Compute(Quality.Ssim);
        var perDigit = DescriptiveStatistics.ComputeByClass(Quality.Ssim, SyntheticFigureData.Labels, 10);
        Png.AssertFigure(SsimDistributionFigure.Render(Quality.Ssim, overall, perDigit), w, h);
    }

    [Fact]
    public void PsnrDistributionFigure_ScoresWithInfinity_RendersExpectedSize()
    {
        var (w, h) = PsnrDistributionFigure.Size;
        var psnr = Quality.Psnr.ToArray();
        psnr[0] = double.PositiveInfinity;
        var overall = DescriptiveStatistics.Compute(psnr);
        var perDigit = DescriptiveStatistics.ComputeByClass(psnr, SyntheticFigureData.Labels, 10);
        Png.AssertFigure(PsnrDistributionFigure.Render(psnr, overall, perDigit), w, h);
    }

    [Fact]
    public void CompleteAnalysisFigure_AllInputs_RendersExpectedSize()
    {
        var (report, roc) = SyntheticFigureData.Classifier();
        var input = new CompleteAnalysisInputs(SyntheticFigureData.History(), SyntheticFigureData.Plane(), SyntheticFigureData.Manifold(),
            ImageShape.Mnist, Originals, Reconstructions, Quality.Ssim, SyntheticFigureData.Images(25), SyntheticFigureData.Interpolation(), report, roc,
            DescriptiveStatistics.Compute(Quality.Ssim), DescriptiveStatistics.Compute(Quality.Psnr), DescriptiveStatistics.Compute(Quality.Mse),
            "RandomForest", 2);
        var (w, h) = CompleteAnalysisFigure.Size;
        Png.AssertFigure(CompleteAnalysisFigure.Render(input), w, h);
    }

}
